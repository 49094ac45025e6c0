import assert from 'node:assert/strict';
import { DATA_CENTERS, ENVIRONMENTS, apiHostOwner, checkApiBase, endpointsFor, isLoopback, loopbackOrigin, isZohoApiHost } from '../../src/zoho/dataCenters';

describe('zoho/dataCenters', () => {
  it('has the §3.1 table for every DC × environment', () => {
    const expected: Record<string, [string, string]> = {
      US: ['https://accounts.zoho.com', 'com'],
      EU: ['https://accounts.zoho.eu', 'eu'],
      IN: ['https://accounts.zoho.in', 'in'],
      AU: ['https://accounts.zoho.com.au', 'com.au'],
      JP: ['https://accounts.zoho.jp', 'jp'],
      CA: ['https://accounts.zohocloud.ca', 'ca'],
      SA: ['https://accounts.zoho.sa', 'sa'],
      CN: ['https://accounts.zoho.com.cn', 'com.cn'],
    };
    assert.equal(DATA_CENTERS.length, 8);
    for (const dc of DATA_CENTERS) {
      const [accounts, tld] = expected[dc];
      assert.deepEqual(endpointsFor(dc, 'production'), { accountsUrl: accounts, apiDomain: `https://www.zohoapis.${tld}` });
      assert.deepEqual(endpointsFor(dc, 'sandbox'), { accountsUrl: accounts, apiDomain: `https://sandbox.zohoapis.${tld}` });
      assert.deepEqual(endpointsFor(dc, 'developer'), { accountsUrl: accounts, apiDomain: `https://developer.zohoapis.${tld}` });
      for (const env of ENVIRONMENTS) {
        const { apiDomain } = endpointsFor(dc, env);
        assert.ok(isZohoApiHost(new URL(apiDomain)), apiDomain);
        assert.deepEqual(checkApiBase(apiDomain).ok, true, apiDomain);
        assert.deepEqual(apiHostOwner(new URL(apiDomain).hostname), { dc, env });
      }
    }
  });

  it('spot-checks US and CA exactly', () => {
    assert.deepEqual(endpointsFor('US', 'production'), { accountsUrl: 'https://accounts.zoho.com', apiDomain: 'https://www.zohoapis.com' });
    assert.equal(endpointsFor('US', 'sandbox').apiDomain, 'https://sandbox.zohoapis.com');
    assert.equal(endpointsFor('CA', 'production').accountsUrl, 'https://accounts.zohocloud.ca');
    assert.equal(apiHostOwner('evil.io'), undefined);
  });

  it('isZohoApiHost accepts API, upload and download hosts of known TLDs only', () => {
    const yes = [
      'https://content.zohoapis.com/crm/v8/upload',
      'https://www.zohoapis.com.au/x',
      'https://download-accl.zoho.com/v2/crm/1/bulk-write/2/2.zip',
      'https://download.zoho.eu/a',
      'https://download-accl.zoho.com.cn/a',
      'https://upload.zohocloud.ca/',
      'https://WWW.ZOHOAPIS.IN/',
    ];
    const no = [
      'http://www.zohoapis.com/',
      'https://www.zohoapis.com:8443/',
      'https://zohoapis.com/',
      'https://www.zohoapis.com.evil.io/',
      'https://www.zohoapis.de/',
      'https://accounts.zoho.com/',
      'https://evil.zoho.com/',
      'https://download.zoho.com.evil.io/',
      'https://downloadzoho.com/',
      'https://u:p@www.zohoapis.com/',
      'https://www.zohoapis.co/',
    ];
    for (const u of yes) assert.equal(isZohoApiHost(new URL(u)), true, u);
    for (const u of no) assert.equal(isZohoApiHost(new URL(u)), false, u);
  });

  it('loopbackOrigin: the origin of a loopback API base (the simulator), nothing else', () => {
    assert.equal(loopbackOrigin(' http://127.0.0.1:5/ '), 'http://127.0.0.1:5');
    assert.equal(loopbackOrigin('http://localhost:8080'), 'http://localhost:8080');
    for (const no of ['https://www.zohoapis.com', 'http://user@127.0.0.1:5', 'http://127.0.0.1:5/api', 'http://127.0.0.2:5', '', undefined, 42]) {
      assert.equal(loopbackOrigin(no), undefined, String(no));
    }
  });

  it('apiHostOwner: exactly the table\'s 24 API hosts, nothing that merely looks like one', () => {
    let found = 0;
    for (const dc of DATA_CENTERS) {
      for (const env of ENVIRONMENTS) {
        const host = new URL(endpointsFor(dc, env).apiDomain).hostname;
        assert.deepEqual(apiHostOwner(host), { dc, env }, host);
        assert.deepEqual(apiHostOwner(host.toUpperCase()), { dc, env }, host);
        found++;
      }
    }
    assert.equal(found, 24);
    assert.deepEqual(apiHostOwner('developer.zohoapis.com.cn'), { dc: 'CN', env: 'developer' });
    const no = [
      '', 'zohoapis.com', 'www.zohoapis.com.', 'www.zohoapis.com:443', 'www.zohoapis.com.evil.io', 'evil-zohoapis.com', 'wwwzohoapis.com',
      'content.zohoapis.com', 'www.sandbox.zohoapis.com', 'a.www.zohoapis.com', 'www.zohoapis.de', 'www.zohoapis.co', 'download.zoho.com',
      'accounts.zoho.com', 'www.zohocloud.ca', 'www.xn--zohoaps-dza.com', ' www.zohoapis.com', '127.0.0.1', 'localhost',
    ];
    for (const h of no) assert.equal(apiHostOwner(h), undefined, JSON.stringify(h));
  });

  it('isLoopback', () => {
    for (const u of ['http://127.0.0.1:3000', 'https://localhost', 'http://[::1]:9/', 'http://LOCALHOST:1']) assert.equal(isLoopback(new URL(u)), true, u);
    for (const u of ['http://127.0.0.2', 'ftp://localhost', 'http://localhost.evil.io', 'http://10.0.0.1']) assert.equal(isLoopback(new URL(u)), false, u);
  });

  describe('checkApiBase corpus', () => {
    const accepted: [string, string][] = [
      ['https://www.zohoapis.com', 'https://www.zohoapis.com/'],
      ['https://www.zohoapis.eu/', 'https://www.zohoapis.eu/'],
      [' https://sandbox.zohoapis.com.au ', 'https://sandbox.zohoapis.com.au/'],
      ['https://developer.zohoapis.com.cn', 'https://developer.zohoapis.com.cn/'],
      ['https://www.zohoapis.ca:443', 'https://www.zohoapis.ca/'],
      ['http://127.0.0.1:38111', 'http://127.0.0.1:38111/'],
      ['http://localhost:8080/', 'http://localhost:8080/'],
      ['https://[::1]:8443', 'https://[::1]:8443/'],
    ];
    for (const [raw, origin] of accepted) {
      it(`accepts ${JSON.stringify(raw)}`, () => {
        const r = checkApiBase(raw);
        assert.ok(r.ok, r.ok ? '' : r.reason);
        assert.equal(r.url.href, origin);
      });
    }
    const rejected: [string, RegExp][] = [
      ['', /empty/],
      ['www.zohoapis.com', /not a valid URL/],
      ['http://www.zohoapis.com', /https/],
      ['ftp://www.zohoapis.com', /https/],
      ['javascript:alert(1)', /https/],
      ['file:///etc/passwd', /https/],
      ['https://zohoapis.com.evil.io', /not a Zoho API host/],
      ['https://www.zohoapis.com.evil.io', /not a Zoho API host/],
      ['https://www.zohoapis.com@evil.io', /user name or password/],
      ['https://user:pass@www.zohoapis.com', /user name or password/],
      ['https://@www.zohoapis.com', /user name or password/],
      ['https://www.zohoapis.com/crm/bulk/v8', /without a path/],
      ['https://www.zohoapis.com\\@evil.io', /user name or password|without a path/],
      ['https://www.zohoapis.com?x=1', /query/],
      ['https://www.zohoapis.com/?', /query/],
      ['https://www.zohoapis.com#frag', /fragment/],
      ['https://www.zohoapis.com:8443', /port/],
      ['https://www.zohoapis.com.', /dot/],
      ['https://evilzohoapis.com', /not a Zoho API host/],
      ['https://zohoapis.com', /not a Zoho API host/],
      ['https://www.zoho.com', /not a Zoho API host/],
      ['https://127.0.0.1.nip.io', /not a Zoho API host/],
      ['http://169.254.169.254', /not a Zoho API host/],
      ['https://www.zohoapis.xyz', /not a Zoho API host/],
    ];
    for (const [raw, reason] of rejected) {
      it(`rejects ${JSON.stringify(raw)}`, () => {
        const r = checkApiBase(raw);
        assert.equal(r.ok, false);
        if (!r.ok) assert.match(r.reason, reason);
      });
    }
  });
});
