// Pasted job-details links: accepted only from the data-centre table's exact CRM API hosts over
// https (or the loopback simulator the apiDomainOverride setting points to); the parse names the
// link's data centre and environment; anything else is refused with a reason naming the host.
import * as assert from 'node:assert/strict';
import { otherDataCenter, parseJobIdInput, type JobIdOptions } from '../../src/jobs/jobIdInput';
import { DATA_CENTERS, ENVIRONMENTS, endpointsFor } from '../../src/zoho/dataCenters';

const SEED = '4150868000005392002';
const PATH = `/crm/bulk/v8/write/${SEED}`;

function refused(input: string, opts: JobIdOptions = {}): string {
  const r = parseJobIdInput(input, opts);
  assert.equal(r.ok, false, `${JSON.stringify(input)} was accepted`);
  return r.ok ? '' : r.reason;
}

describe('job id input: pasted links', () => {
  it('accepts every API host of the table and names its data centre and environment', () => {
    for (const dc of DATA_CENTERS) {
      for (const env of ENVIRONMENTS) {
        const url = `${endpointsFor(dc, env).apiDomain}${PATH}`;
        assert.deepEqual(parseJobIdInput(url), { ok: true, id: SEED, kind: 'write', dataCenter: dc, environment: env }, url);
      }
    }
    assert.deepEqual(parseJobIdInput(`  HTTPS://SANDBOX.ZOHOAPIS.COM.AU/crm/bulk/v2.1/read/${SEED}/result  `),
      { ok: true, id: SEED, kind: 'read', dataCenter: 'AU', environment: 'sandbox' });
  });

  // [pasted link, the host the refusal must name]
  const hostile: [string, string][] = [
    [`https://example.com${PATH}`, 'example.com'],
    [`https://www.zohoapis.com.evil.io${PATH}`, 'www.zohoapis.com.evil.io'],
    [`https://zohoapis.com.evil.io${PATH}`, 'zohoapis.com.evil.io'],
    [`https://evil-zohoapis.com${PATH}`, 'evil-zohoapis.com'],
    [`https://evilzohoapis.com${PATH}`, 'evilzohoapis.com'],
    [`https://zohoapis.com${PATH}`, 'zohoapis.com'],
    [`https://content.zohoapis.com${PATH}`, 'content.zohoapis.com'],
    [`https://www.sandbox.zohoapis.com${PATH}`, 'www.sandbox.zohoapis.com'],
    [`https://accounts.zoho.com${PATH}`, 'accounts.zoho.com'],
    [`https://download.zoho.com${PATH}`, 'download.zoho.com'],
    [`https://www.zohoapis.de${PATH}`, 'www.zohoapis.de'],
    [`https://www.zohoapis.com.${PATH}`, 'www.zohoapis.com.'],
    [`https://www.zohoapis.com.:443${PATH}`, 'www.zohoapis.com.:443'],
    [`https://www.zohoapis.com:443${PATH}`, 'www.zohoapis.com:443'],
    [`https://www.zohoapis.com:8443${PATH}`, 'www.zohoapis.com:8443'],
    [`https://www.zohoapís.com${PATH}`, 'www.xn--zohoaps-dza.com'],
    [`https://ｗｗｗ.zohoapis.com${PATH}`, 'ｗｗｗ.zohoapis.com'],
    [`https://www。zohoapis。com${PATH}`, 'www。zohoapis。com'],
    [`https://www.zohoapis.com%2Eevil.io${PATH}`, 'www.zohoapis.com%2Eevil.io'],
    [`https://www.zohoapis.com\\@evil.io${PATH}`, 'www.zohoapis.com\\@evil.io'],
    [`https://www.zohoapis.com@evil.io${PATH}`, 'evil.io'],
    [`https://user:pass@www.zohoapis.com${PATH}`, 'www.zohoapis.com'],
    [`https://@www.zohoapis.com${PATH}`, '@www.zohoapis.com'],
    [`http://www.zohoapis.com${PATH}`, 'www.zohoapis.com'],
    [`https://1.2.3.4${PATH}`, '1.2.3.4'],
    [`http://127.0.0.1:38111${PATH}`, '127.0.0.1:38111'],
    [`http://localhost${PATH}`, 'localhost'],
    [`http://127.0.0.1.nip.io${PATH}`, '127.0.0.1.nip.io'],
  ];
  for (const [url, host] of hostile) {
    it(`refuses ${JSON.stringify(url)}, naming the host`, () => {
      const reason = refused(url);
      assert.ok(reason.includes(`"${host}`), `${reason} (expected the host ${host})`);
      assert.ok(!reason.includes('pass'), 'no password echoed');
    });
  }

  it('a refused host is refused before its path is looked at', () => {
    assert.match(refused('https://evil.example.com/crm/bulk/v8/write/x'), /"evil\.example\.com"/);
    assert.match(refused('https://www.zohoapis.com/crm/nope'), /not a Zoho job-details URL/);
  });

  it('accepts a loopback link only while apiDomainOverride is that same origin', () => {
    const sim = 'http://127.0.0.1:38111';
    assert.deepEqual(parseJobIdInput(`${sim}${PATH}`, { apiDomainOverride: sim }), { ok: true, id: SEED, kind: 'write' });
    assert.deepEqual(parseJobIdInput(`${sim}${PATH}`, { apiDomainOverride: `${sim}/` }), { ok: true, id: SEED, kind: 'write' });
    assert.deepEqual(parseJobIdInput(`https://[::1]:9${PATH}`, { apiDomainOverride: 'https://[::1]:9' }), { ok: true, id: SEED, kind: 'write' });
    const others: [string, string][] = [
      [`${sim}${PATH}`, ''],
      [`${sim}${PATH}`, 'https://www.zohoapis.com'],
      [`${sim}${PATH}`, 'http://127.0.0.1:38112'],
      [`${sim}${PATH}`, 'https://127.0.0.1:38111'],
      [`http://localhost:38111${PATH}`, sim],
      [`http://127.1:38111${PATH}`, sim],
      [`http://u:p@127.0.0.1:38111${PATH}`, sim],
      [`${sim}${PATH}`, 'http://u:p@127.0.0.1:38111'],
      [`${sim}${PATH}`, 'not a url'],
    ];
    for (const [url, override] of others) {
      assert.match(refused(url, { apiDomainOverride: override }), /"(127\.0\.0\.1|localhost|127\.1)/, `${url} with ${override}`);
    }
    // the override lets loopback through, not any other host
    assert.match(refused(`https://evil.io${PATH}`, { apiDomainOverride: sim }), /"evil\.io"/);
  });

  it('bare ids and JSON are read exactly as before, with no data centre', () => {
    assert.deepEqual(parseJobIdInput(SEED, { apiDomainOverride: 'http://127.0.0.1:1' }), { ok: true, id: SEED });
    assert.deepEqual(parseJobIdInput(`{"data":[{"id":"${SEED}","state":"QUEUED"}]}`), { ok: true, id: SEED, kind: 'read' });
  });
});

describe('job id input: a link from another data centre', () => {
  const eu = parseJobIdInput(`https://www.zohoapis.eu${PATH}`);
  const usSandbox = parseJobIdInput(`https://sandbox.zohoapis.com${PATH}`);
  const us = { signedIn: true, dataCenter: 'US' as const, environment: 'production' as const };

  it('names the link\'s data centre and environment, and the signed-in one', () => {
    const o = otherDataCenter(eu, us);
    assert.ok(o);
    assert.equal(o.dataCenter, 'EU');
    assert.equal(o.environment, 'production');
    assert.match(o.message, /from Zoho's EU data centre \(production\), but you are signed in to US \(production\)/);
    const s = otherDataCenter(usSandbox, us);
    assert.ok(s);
    assert.deepEqual([s.dataCenter, s.environment], ['US', 'sandbox']);
    assert.match(s.message, /US data centre \(sandbox\)/);
  });

  it('says nothing for the signed-in data centre, a bare id, a loopback link, or when signed out', () => {
    assert.equal(otherDataCenter(parseJobIdInput(`https://www.zohoapis.com${PATH}`), us), undefined);
    assert.equal(otherDataCenter(parseJobIdInput(SEED), us), undefined);
    assert.equal(otherDataCenter(parseJobIdInput(`http://127.0.0.1:5${PATH}`, { apiDomainOverride: 'http://127.0.0.1:5' }), us), undefined);
    assert.equal(otherDataCenter(eu, { signedIn: false }), undefined);
  });

  it('a link of another data centre is named while the stored sign-in has a problem (tokenRejected, wrongTarget: signedIn false)', () => {
    const eu = parseJobIdInput(`https://www.zohoapis.eu${PATH}`);
    const o = otherDataCenter(eu, { signedIn: false, dataCenter: 'US', environment: 'production' });
    assert.ok(o);
    assert.equal(o.dataCenter, 'EU');
    assert.match(o.message, /from Zoho's EU data centre \(production\), but your saved sign-in is for US \(production\)/);
    assert.equal(otherDataCenter(parseJobIdInput(`https://www.zohoapis.com${PATH}`), { signedIn: false, dataCenter: 'US', environment: 'production' }), undefined);
  });
});
