// The simulated Zoho API's route table. Order of checks, as on Zoho: URL pattern (404
// INVALID_URL_PATTERN) → HTTP method (400 INVALID_REQUEST_METHOD) → Authorization (401) → job
// lookup (RESOURCE_NOT_FOUND). Routes with `handle: null` are reserved for later work and answer
// 404 INVALID_URL_PATTERN, like any unknown path.
import type { IncomingMessage } from 'node:http';
import { readJobBody, writeJobBody } from './bodies';
import * as errors from './errors';
import type { JobStore } from './jobStore';
import { HEADERS, type SimResponse } from './respond';

export interface RouteContext {
  store: JobStore;
  /** the accepted access token */
  token: string;
  /** http://host:port of the simulator, for absolute download URLs */
  baseUrl: string;
}

export interface Route {
  name: string;
  pattern: RegExp;
  methods: string[];
  auth: boolean;
  /** null = reserved, not implemented yet (404 INVALID_URL_PATTERN) */
  handle: ((m: RegExpMatchArray, ctx: RouteContext) => SimResponse) | null;
}

/** Every bulk API version Zoho documents. */
export const VERSIONS = ['v2', 'v2.1', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'] as const;
const V = `(${VERSIONS.map((v) => v.replace('.', '\\.')).join('|')})`;

export const ROUTES: Route[] = [
  // GET /crm/bulk/{v}/write/{job_id}: bulk write job details, a bare object
  { name: 'write-job-details', pattern: new RegExp(`^/crm/bulk/${V}/write/([^/]+)$`), methods: ['GET'], auth: true, handle: writeJobDetails },
  // GET /crm/bulk/{v}/read/{job_id}: bulk read job details, {data:[…]}
  { name: 'read-job-details', pattern: new RegExp(`^/crm/bulk/${V}/read/([^/]+)$`), methods: ['GET'], auth: true, handle: readJobDetails },

  // ---- reserved for later: 404 INVALID_URL_PATTERN until implemented ----
  // bulk read result zip (result.download_url of a COMPLETED read job, relative to the API domain)
  { name: 'read-result-download', pattern: new RegExp(`^/crm/bulk/${V}/read/([^/]+)/result$`), methods: ['GET'], auth: true, handle: null },
  // bulk write result zip (result.download_url of a COMPLETED write job, absolute, on this host)
  { name: 'write-result-download', pattern: new RegExp(`^/${V}/crm/([^/]+)/bulk-write/([^/]+)/([^/]+)\\.zip$`), methods: ['GET'], auth: true, handle: null },
  // OAuth (accounts server): refresh / grant exchange, and revoke
  { name: 'oauth-token', pattern: /^\/oauth\/v2\/token$/, methods: ['POST'], auth: false, handle: null },
  { name: 'oauth-token-revoke', pattern: /^\/oauth\/v2\/token\/revoke$/, methods: ['POST'], auth: false, handle: null },
];

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

/** 401 unless the request carries `Authorization: Zoho-oauthtoken <token>` (Bearer is not accepted). */
export function checkAuth(header: string | undefined, token: string): SimResponse | undefined {
  const m = /^Zoho-oauthtoken[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  if (!m) return errors.authenticationFailure();
  return m[1] === token ? undefined : errors.invalidToken();
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
      const denied = checkAuth(req.headers.authorization, ctx.token);
      if (denied) return denied;
    }
    return r.handle(m, ctx);
  }
  return errors.invalidUrlPattern();
}
