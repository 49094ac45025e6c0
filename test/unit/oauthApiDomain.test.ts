// The api_domain Zoho names with the tokens: only an https API host of the data centre being signed
// in to (its accounts server names it), or in simulator mode the simulator itself. Every message and
// log line is checked for secrets.
import assert from 'node:assert/strict';
import { startSimulator } from '../sim/server';
import { STUB_CLIENT as CLIENT, STUB_RT, UA, stubFetch, stubOAuthWith } from './helpers/oauthStub';
import { SecretWatch } from './helpers/secretWatch';
import { ZohoOAuth } from '../../src/zoho/oauth';

const watch = new SecretWatch();
const { secrets, log, failure } = watch;
const stubOAuth = stubOAuthWith(log);

describe('zoho/oauth: api_domain must be an API host of the signed-in data centre', () => {
  it('the signed-in data centre’s API domain is taken (simulator answering as EU); not for another, nor without one', async () => {
    const sim = await startSimulator({ oauthDataCenter: 'EU' });
    try {
      const exchange = (dataCenter?: 'EU' | 'US') => {
        const c = sim.oauth.issueGrantCode();
        secrets.add(c);
        return new ZohoOAuth({ accountsUrl: sim.url, dataCenter, userAgent: UA, log }).exchangeGrantCode({ ...sim.oauth.client, code: c });
      };
      const g = await exchange('EU');
      secrets.add(g.accessToken);
      secrets.add(g.refreshToken ?? '');
      assert.equal(g.apiDomain, 'https://www.zohoapis.eu');
      assert.match((await failure(exchange('US'), 'UNTRUSTED_HOST')).message, /belongs to the EU data centre and the sign-in is for the US data centre/);
      await failure(exchange(), 'UNTRUSTED_HOST');
    } finally {
      await sim.close();
    }
  });

  it('a hostile api_domain from the simulator is refused (UNTRUSTED_HOST), naming the host but no token', async () => {
    for (const hostile of ['https://evil.example.com', 'http://127.0.0.1:1']) {
      const sim = await startSimulator({ oauthApiDomain: hostile });
      try {
        const oauth = new ZohoOAuth({ accountsUrl: sim.url, userAgent: UA, log });
        const c = sim.oauth.issueGrantCode();
        secrets.add(c);
        const e = await failure(oauth.exchangeGrantCode({ ...sim.oauth.client, code: c }), 'UNTRUSTED_HOST');
        assert.match(e.message, new RegExp(new URL(hostile).host.replace(/\./g, '\\.')));
        assert.match(e.message, /nothing was sent/);
      } finally {
        await sim.close();
      }
    }
  });

  it('refuses http, ports, look-alikes, credentials, paths, loopback (outside loopback mode) and non-strings', async () => {
    const bad: unknown[] = [
      'http://www.zohoapis.com',
      'https://www.zohoapis.com:8443',
      'https://www.zohoapis.com.evil.com',
      'https://zohoapis.com',
      'https://user@www.zohoapis.com',
      'https://www.zohoapis.com/crm',
      'https://www.zohoapis.eu', // another data centre than the accounts server's (US)
      'https://sandbox.zohoapis.com.au',
      'https://www.zohoapis.ca',
      'http://127.0.0.1:1',
      'javascript:alert(1)',
      '',
      42,
      ['https://www.zohoapis.com'],
    ];
    for (const apiDomain of bad) {
      const { fetch } = stubFetch({ body: JSON.stringify({ access_token: 'a'.repeat(20), api_domain: apiDomain, expires_in: 3600 }) });
      await failure(stubOAuth(fetch).refresh({ ...CLIENT, refreshToken: STUB_RT }), 'UNTRUSTED_HOST');
    }
    for (const good of ['https://www.zohoapis.com', 'https://sandbox.zohoapis.com/', 'https://developer.zohoapis.com']) {
      const { fetch } = stubFetch({ body: JSON.stringify({ access_token: 'a'.repeat(20), api_domain: good, expires_in: 3600 }) });
      const g = await stubOAuth(fetch).refresh({ ...CLIENT, refreshToken: STUB_RT });
      assert.equal(g.apiDomain, new URL(good).origin);
    }
    // the message names the host only, never the rest of Zoho's text
    const shows = async (apiDomain: string) => (await failure(stubOAuth(stubFetch({ body: JSON.stringify({ access_token: 'a'.repeat(20), api_domain: apiDomain, expires_in: 3600 }) }).fetch).refresh({ ...CLIENT, refreshToken: STUB_RT }), 'UNTRUSTED_HOST')).message;
    const withPath = await shows('https://www.zohoapis.com/crm/please-paste-your-token-here');
    assert.match(withPath, /named "www\.zohoapis\.com" as the API domain/);
    assert.doesNotMatch(withPath, /crm|paste/);
    assert.doesNotMatch(await shows('javascript:alert(1)'), /alert/);
    assert.doesNotMatch(await shows('not a url at all, call 555-0100'), /call|555/);
    // the accounts server names the data centre: accounts.zoho.com.au takes AU hosts only
    const au = (apiDomain: string) => new ZohoOAuth({ accountsUrl: 'https://accounts.zoho.com.au', userAgent: UA, log, fetch: stubFetch({ body: JSON.stringify({ access_token: 'a'.repeat(20), api_domain: apiDomain, expires_in: 3600 }) }).fetch });
    assert.equal((await au('https://sandbox.zohoapis.com.au').refresh({ ...CLIENT, refreshToken: STUB_RT })).apiDomain, 'https://sandbox.zohoapis.com.au');
    await failure(au('https://www.zohoapis.com').refresh({ ...CLIENT, refreshToken: STUB_RT }), 'UNTRUSTED_HOST');
  });
});


describe('zoho/oauth api_domain: no secret in any message or log line', () => {
  it('nothing captured in this file contains a token, code or client secret', () => {
    watch.assertNoSecrets(10, 3);
  });
});
