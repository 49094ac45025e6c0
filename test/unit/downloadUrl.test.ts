// Where a result link may be fetched with the token: the chosen data centre only. Hostile links
// are refused before anything is sent (the simulator's request log and a fetch spy stay empty).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { apiTldOf, isDownloadHostOf, resolveDownloadUrl } from '../../src/zoho/downloadUrl';
import { ZohoError } from '../../src/zoho/errors';
import { ZohoHttp, type FetchLike } from '../../src/zoho/http';
import { downloadResult } from '../../src/zoho/resultDownload';
import { staticTokenProvider } from '../../src/zoho/tokenProvider';
import { startSimulator, type Simulator } from '../sim/server';

const US = 'https://www.zohoapis.com';

const ok = (raw: string, base: string): string => {
  const r = resolveDownloadUrl(raw, base);
  assert.ok(r.ok, `${raw} against ${base}: ${r.ok ? '' : r.reason}`);
  return r.url.href;
};
const refused = (raw: string, base: string, why?: RegExp): void => {
  const r = resolveDownloadUrl(raw, base);
  assert.ok(!r.ok, `${raw} against ${base} was accepted`);
  if (why) assert.match(r.reason, why);
};

describe('zoho/downloadUrl: resolving result links', () => {
  it('relative links resolve against the API domain', () => {
    assert.equal(ok('/crm/bulk/v8/read/4150868000005392707/result', US), 'https://www.zohoapis.com/crm/bulk/v8/read/4150868000005392707/result');
    assert.equal(ok('/v7/crm/org6196138/bulk-write/111/111.zip', 'https://sandbox.zohoapis.eu/'), 'https://sandbox.zohoapis.eu/v7/crm/org6196138/bulk-write/111/111.zip');
    assert.equal(ok('  /crm/bulk/v8/read/1/result?x=1#frag ', US), 'https://www.zohoapis.com/crm/bulk/v8/read/1/result?x=1');
    assert.equal(ok('/crm/bulk/v8/read/1/result\n', US), 'https://www.zohoapis.com/crm/bulk/v8/read/1/result');
    assert.equal(ok('/crm/bulk/v8/read/1/result', 'http://127.0.0.1:38111'), 'http://127.0.0.1:38111/crm/bulk/v8/read/1/result');
  });

  it('absolute links: the API host itself and download*.zoho.<tld> of the same data centre', () => {
    ok('https://download-accl.zoho.com/v2/crm/org1/bulk-write/111/111.zip', US);
    ok('https://download.zoho.com/x.zip', US);
    ok('https://DOWNLOAD-ACCL.ZOHO.COM/x.zip', US);
    ok('https://www.zohoapis.com/crm/bulk/v8/read/1/result', US);
    ok('https://download-accl.zoho.eu/x.zip', 'https://www.zohoapis.eu');
    ok('https://download-accl.zoho.com.au/x.zip', 'https://www.zohoapis.com.au');
    ok('https://download-accl.zoho.com.cn/x.zip', 'https://developer.zohoapis.com.cn');
    ok('https://download.zohocloud.ca/x.zip', 'https://www.zohoapis.ca');
    ok('http://127.0.0.1:38111/v8/crm/org1/bulk-write/1/1.zip', 'http://127.0.0.1:38111');
    assert.equal(apiTldOf('www.zohoapis.com.au'), 'com.au');
    assert.equal(apiTldOf('www.zohoapis.com'), 'com');
    assert.equal(apiTldOf('evil.io'), undefined);
    assert.equal(isDownloadHostOf('download.zoho.com.au', 'com'), false);
  });

  it('other data centres, look-alikes, http, ports, user info and odd schemes are refused', () => {
    const hostile: [string, RegExp][] = [
      ['https://evil.example.com/x.zip', /"evil.example.com", which is not a Zoho host of your data centre/],
      ['https://download-accl.zoho.com.evil.io/x.zip', /not a Zoho host/],
      ['https://download-accl.zoho.eu/x.zip', /not a Zoho host/], // another data centre
      ['https://download-accl.zoho.com.au/x.zip', /not a Zoho host/], // com.au is not com
      ['https://download.zohocloud.ca/x.zip', /not a Zoho host/],
      ['https://sandbox.zohoapis.com/x.zip', /not a Zoho host/], // another environment's API host
      ['https://accounts.zoho.com/x.zip', /not a Zoho host/],
      ['https://evildownload.zoho.com/x.zip', /not a Zoho host/],
      ['https://download-accl.zoho.com./x.zip', /not a Zoho host/],
      ['https://a.download-accl.zoho.com/x.zip', /not a Zoho host/],
      ['http://download-accl.zoho.com/x.zip', /uses http:\/\//],
      ['https://download-accl.zoho.com:8443/x.zip', /port/],
      ['https://user@download-accl.zoho.com/x.zip', /user name or password/],
      ['https://user:pw@download-accl.zoho.com/x.zip', /user name or password/],
      ['https://@download-accl.zoho.com/x.zip', /user name or password/],
      ['https://download-accl.zoho.com@evil.io/x.zip', /user name or password/],
      ['//evil.io/x.zip', /neither an https/],
      ['/\\evil.io/x.zip', /backslashes/],
      ['ftp://download-accl.zoho.com/x.zip', /neither an https/],
      ['javascript:alert(1)', /neither an https/],
      ['download-accl.zoho.com/x.zip', /neither an https/],
      ['https://download-accl.zoho.com/a b.zip', /spaces/],
      ['', /empty/],
    ];
    for (const [raw, why] of hostile) refused(raw, US, why);
    // with the simulator as API domain, only its own origin
    refused('http://127.0.0.1:9999/x.zip', 'http://127.0.0.1:38111', /only the local simulator/);
    refused('http://localhost:38111/x.zip', 'http://127.0.0.1:38111', /only the local simulator/);
    refused('https://download-accl.zoho.com/x.zip', 'http://127.0.0.1:38111', /only the local simulator/);
    // and a Zoho API domain never trusts loopback
    refused('http://127.0.0.1:38111/x.zip', US);
    // a broken API domain is reported as such
    refused('/crm/bulk/v8/read/1/result', 'https://evil.io', /not a Zoho API host/);
  });
});

describe('zoho/resultDownload: hostile links send nothing', () => {
  let sim: Simulator;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ token: 'dl-token', seed: false });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-dlurl-'));
  });
  after(async () => {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const HOSTILE = [
    'https://evil.example.com/x.zip',
    'https://download-accl.zoho.com.evil.io/x.zip',
    'http://download-accl.zoho.com/x.zip',
    'https://user@download-accl.zoho.com/x.zip',
    'https://download-accl.zoho.eu/x.zip',
    '//evil.example.com/x.zip',
  ];

  for (const apiBase of ['sim', US]) {
    it(`API domain ${apiBase}: UNTRUSTED_HOST, no request, no token lookup, no file`, async () => {
      sim.reset();
      let fetched = 0;
      let tokenAsked = 0;
      const spy: FetchLike = async () => {
        fetched++;
        throw new Error('must not be called');
      };
      const base = apiBase === 'sim' ? sim.url : US;
      const http = new ZohoHttp({
        apiBase: base,
        tokens: { getAccessToken: async () => (tokenAsked++, sim.token) },
        userAgent: 'zbj-tests',
        fetch: spy,
      });
      for (const url of HOSTILE) {
        const dest = path.join(dir, 'never.zip');
        await assert.rejects(downloadResult({ http, fetch: spy }, { url, apiBase: base, ctx: { kind: 'write', jobId: '1' }, destZipPath: dest }), (e: unknown) => {
          assert.ok(e instanceof ZohoError, String(e));
          assert.equal(e.code, 'UNTRUSTED_HOST');
          assert.match(e.message, /so nothing was sent \(UNTRUSTED_HOST\)\.$/);
          return true;
        });
        assert.equal(fs.existsSync(dest) || fs.existsSync(`${dest}.part`), false);
      }
      assert.equal(fetched, 0);
      assert.equal(tokenAsked, 0);
      assert.deepEqual(sim.requests, []);
    });
  }

  it('the same links through the real transport: still nothing reaches the simulator', async () => {
    sim.reset();
    const http = new ZohoHttp({ apiBase: sim.url, tokens: staticTokenProvider(sim.token), userAgent: 'zbj-tests' });
    for (const url of [...HOSTILE, `http://localhost:${sim.port}/v8/crm/org4150868/bulk-write/1/1.zip`]) {
      await assert.rejects(
        downloadResult({ http }, { url, apiBase: sim.url, ctx: { kind: 'write' }, destZipPath: path.join(dir, 'x.zip') }),
        /UNTRUSTED_HOST/,
      );
    }
    assert.deepEqual(sim.requests, []);
  });
});
