// The one refresh-and-retry for a request whose access token Zoho refused (401), shared by the
// GET client (http.ts) and the POST sender (sender.ts): the first 401 asks the token provider for a
// new token (one shared refresh) and allows one retry; a 401 on that retry tells the provider that
// the renewed token was rejected as well, and the error is thrown. Never a loop.
import { ZohoError } from './errors';
import type { LogFn } from './httpTypes';
import type { TokenProvider } from './tokenProvider';

export class AuthRetry {
  /** the token the first 401 was for, once a retry has been allowed */
  private firstRejected: string | undefined;

  constructor(private readonly tokens: TokenProvider, private readonly log?: LogFn) {}

  /** `err` came back for a request sent with `token`: true → send it once more (with a new token). */
  async shouldRetry(err: unknown, token: string): Promise<boolean> {
    if (!(err instanceof ZohoError) || !err.isAuthRejection || !this.tokens.onUnauthorized) return false;
    if (this.firstRejected !== undefined) {
      // the retry with the renewed token was refused too
      if (token !== this.firstRejected) this.tokens.onRejectedAfterRefresh?.(token);
      return false;
    }
    this.firstRejected = token;
    this.log?.('info', `Zoho rejected the access token (${err.code}); asking for a new one`);
    return this.tokens.onUnauthorized(token);
  }
}
