// A ZohoOAuth whose token endpoint is a canned answer (injected fetch), for answers the simulator
// never gives.
import type { LogFn } from '../../../src/zoho';
import { ZohoOAuth, type OAuthFetch, type OAuthFetchInit } from '../../../src/zoho/oauth';

export const UA = 'zoho-bulk-jobs-vscode/test';
export const STUB_CLIENT = { clientId: '1000.STUBCLIENT', clientSecret: 'stub-client-secret-9f8e7d' };
export const STUB_RT = '1000.aaaabbbbccccddddeeeeffff00001111.22223333444455556666777788889999';

export interface StubAnswer {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}

/** A fetch answering every call with `answer` (or what it returns), and the calls it got. */
export function stubFetch(answer: StubAnswer | ((url: string, init: OAuthFetchInit) => Promise<StubAnswer>)) {
  const calls: { url: string; init: OAuthFetchInit }[] = [];
  const fetch: OAuthFetch = async (url, init) => {
    calls.push({ url, init });
    const a = typeof answer === 'function' ? await answer(url, init) : answer;
    const headers = Object.fromEntries(Object.entries(a.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return { status: a.status ?? 200, headers: { get: (n: string) => headers[n.toLowerCase()] ?? null }, text: async () => a.body ?? '' };
  };
  return { fetch, calls };
}

/** ZohoOAuth on the US accounts server over `fetch`, logging to `log`. */
export const stubOAuthWith = (log: LogFn) => (fetch: OAuthFetch, timeoutMs?: number): ZohoOAuth =>
  new ZohoOAuth({ accountsUrl: 'https://accounts.zoho.com', userAgent: UA, log, fetch, timeoutMs });
