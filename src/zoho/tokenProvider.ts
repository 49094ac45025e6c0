// Where the client gets access tokens from; the extension implements it over SecretStorage + OAuth.

export interface TokenProvider {
  /** The current access token, or undefined when nobody is signed in (nothing is sent then). */
  getAccessToken(): Promise<string | undefined>;
  /**
   * Called once when Zoho rejects `rejectedToken` (401 INVALID_TOKEN / AUTHENTICATION_FAILURE).
   * Resolve true when a new token is available: the request is then retried exactly once.
   */
  onUnauthorized?(rejectedToken: string): Promise<boolean>;
  /**
   * The one retry, sent with the token onUnauthorized provided, was refused (401) as well: new
   * tokens are being rejected. Called at most once per request (see authRetry.ts).
   */
  onRejectedAfterRefresh?(renewedToken: string): void;
}

/** A provider for a fixed token (tests, the simulator). */
export function staticTokenProvider(token: string | undefined): TokenProvider {
  return { getAccessToken: async () => token };
}
