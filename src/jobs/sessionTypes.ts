// The Session's public shapes: its state, the problems it reports (once each) and what it needs.
import type { DataCenter, Environment } from '../zoho/dataCenters';
import type { ZohoOAuth } from '../zoho/oauth';

/** Why a stored sign-in is not being used right now (it stays stored). */
export type SessionProblem =
  /** Zoho keeps rejecting new access tokens: renewing is paused for a while */
  | 'rejected'
  /** Zoho rejected the access token (no refresh token) before its known expiry: it is not sent again */
  | 'tokenRejected'
  /** the settings now point at another Zoho address than the one that issued the credentials */
  | 'wrongTarget';

export interface SessionState {
  /** signed in and usable (false while a problem other than 'rejected' holds) */
  signedIn: boolean;
  method?: 'oauth' | 'accessToken';
  dataCenter?: DataCenter;
  environment?: Environment;
  /** when the current access token expires, when known */
  expiresAt?: number;
  problem?: SessionProblem;
}

export interface SessionNotice { problem: SessionProblem; message: string }

export interface SessionDeps {
  /** the OAuth client for an accounts server (a data centre's, or the loopback simulator) */
  oauth(issuer: { accountsUrl: string; dataCenter: DataCenter }): ZohoOAuth;
  /** the apiDomainOverride setting as it is now (empty or undefined: none); new sign-ins go there */
  apiOverride?(): string | undefined;
  /** true while several connections exist: each keeps the address it signed in at, whatever the setting says */
  pinned?(): boolean;
  now?: () => number;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
  /** every secret the session learns, so the logger can mask it */
  onSecret?(value: string): void;
}

