// The simulated Zoho API's route table. Order of checks, as on Zoho: URL pattern (404
// INVALID_URL_PATTERN) → HTTP method (400 INVALID_REQUEST_METHOD) → Authorization (401) → job
// lookup (RESOURCE_NOT_FOUND). Routes with `handle: null` are reserved for later work and answer
// 404 INVALID_URL_PATTERN, like any unknown path.
import type { IncomingMessage } from 'node:http';
import { readJobBody, writeJobBody } from './bodies';
import { readResultDownload, writeResultDownload, type DownloadState } from './downloads';
import * as errors from './errors';
import type { JobStore } from './jobStore';
import type { OAuthRequest, SimOAuth } from './oauth';
import { HEADERS, type SimResponse } from './respond';

export interface RouteContext {
  store: JobStore;
  /** the accepted access token */
  token: string;
  /** http://host:port of the simulator, for absolute download URLs */
  baseUrl: string;
  /** the accounts server (OAuth routes); its unexpired, unrevoked access tokens are accepted too */
  oauth?: SimOAuth;
  /** result downloads: throttle and expired links (see downloads.ts) */
  downloads?: DownloadState;
}

export interface Route {
  name: string;
  pattern: RegExp;
  methods: string[];
  auth: boolean;
  /** null = reserved, not implemented yet (404 INVALID_URL_PATTERN) */
  handle: ((m: RegExpMatchArray, ctx: RouteContext, req: OAuthRequest) => SimResponse) | null;
}

/** Every bulk API version Zoho documents. */
export const VERSIONS = ['v2', 'v2.1', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'] as const;
const V = `(${VERSIONS.map((v) => v.replace('.', '\\.')).join('|')})`;

export const ROUTES: Route[] = [
  // GET /crm/bulk/{v}/write/{job_id}: bulk write job details, a bare object
  { name: 'write-job-details', pattern: new RegExp(`^/crm/bulk/${V}/write/([^/]+)$`), methods: ['GET'], auth: true, handle: writeJobDetails },
  // GET /crm/bulk/{v}/read/{job_id}: bulk read job details, {data:[…]}
  { name: 'read-job-details', pattern: new RegExp(`^/crm/bulk/${V}/read/([^/]+)$`), methods: ['GET'], auth: true, handle: readJobDetails },

  // ---- result downloads (downloads.ts): real zips, throttled, expirable ----
  // bulk read result zip (result.download_url of a COMPLETED read job, relative to the API domain)
  { name: 'read-result-download', pattern: new RegExp(`^/crm/bulk/${V}/read/([^/]+)/result$`), methods: ['GET'], auth: true, handle: (m, ctx) => readResultDownload(ctx.store, downloadsOf(ctx), m[2]) },
  // bulk write result zip (result.download_url of a COMPLETED write job, absolute, on this host)
  { name: 'write-result-download', pattern: new RegExp(`^/${V}/crm/([^/]+)/bulk-write/([^/]+)/([^/]+)\\.zip$`), methods: ['GET'], auth: true, handle: (m, ctx) => writeResultDownload(ctx.store, downloadsOf(ctx), m[3], m[4]) },
  // OAuth (accounts server, see oauth.ts): refresh / grant exchange, and revoke
  { name: 'oauth-token', pattern: /^\/oauth\/v2\/token$/, methods: ['POST'], auth: false, handle: (_m, ctx, req) => oauthOf(ctx).token(req) },
  { name: 'oauth-token-revoke', pattern: /^\/oauth\/v2\/token\/revoke$/, methods: ['POST'], auth: false, handle: (_m, ctx, req) => oauthOf(ctx).revoke(req) },
];

function downloadsOf(ctx: RouteContext): DownloadState {
  if (!ctx.downloads) throw new Error('result downloads are not set up');
  return ctx.downloads;
}

function writeJobDetails(m: RegExpMatchArray, ctx: RouteContext): SimResponse {
  const [, version, id] = m;
  const job = ctx.store.get(id);
  if (!job || job.kind !== 'write') return errors.resourceNotFound(400);
  return { status: 200, body: writeJobBody(job, ctx.store.state(job), version, ctx.baseUrl), headers: HEADERS.jobDetails };
}

function readJobDetails(m: RegExpMatchArray, ctx: RouteContext): SimResponse {
  const [, version, id] = m;
  const job = ctx.store.get(id);
  if (!job || job.kind !== 'read') return errors.resourceNotFound(404);
  return { status: 200, body: readJobBody(job, ctx.store.state(job), version), headers: HEADERS.jobDetails };
}

/**
 * 401 unless the request carries `Authorization: Zoho-oauthtoken <token>` (Bearer is not accepted)
 * with the static token or one `accept` approves (OAuth-issued, unexpired, unrevoked).
 */
export function checkAuth(header: string | undefined, token: string, accept?: (t: string) => boolean): SimResponse | undefined {
  const m = /^Zoho-oauthtoken[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  if (!m) return errors.authenticationFailure();
  return m[1] === token || accept?.(m[1]) === true ? undefined : errors.invalidToken();
}

function oauthOf(ctx: RouteContext): SimOAuth {
  if (!ctx.oauth) throw new Error('no OAuth server in this simulator');
  return ctx.oauth;
}

/** Request bodies, read by the server before routing (only the OAuth routes look at them). */
const bodies = new WeakMap<IncomingMessage, string>();
export function setRequestBody(req: IncomingMessage, body: string): void {
  bodies.set(req, body);
}

export function pathOf(target: string | undefined): string {
  const t = target ?? '/';
  const q = t.indexOf('?');
  return q < 0 ? t : t.slice(0, q);
}

/** The job id a request path names (job details, result download), for per-job faults. */
export function jobIdOf(target: string | undefined): string | undefined {
  const p = pathOf(target);
  return /\/(?:write|read)\/(\d+)(?:\/|$)/.exec(p)?.[1] ?? /\/bulk-write\/(\d+)\//.exec(p)?.[1];
}

export function route(req: IncomingMessage, ctx: RouteContext): SimResponse {
  const path = pathOf(req.url);
  for (const r of ROUTES) {
    const m = path.match(r.pattern);
    if (!m) continue;
    if (!r.handle) return errors.invalidUrlPattern();
    if (!r.methods.includes(req.method ?? '')) return errors.invalidRequestMethod();
    if (r.auth) {
      const denied = checkAuth(req.headers.authorization, ctx.token, ctx.oauth && ((t) => ctx.oauth?.accepts(t) === true));
      if (denied) return denied;
    }
    return r.handle(m, ctx, { target: req.url ?? '/', body: bodies.get(req) ?? '', contentType: req.headers['content-type'] });
  }
  return errors.invalidUrlPattern();
}
