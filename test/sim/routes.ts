// The simulated Zoho API's route table. Order of checks, as on Zoho: URL pattern (404
// INVALID_URL_PATTERN) → HTTP method (400 INVALID_REQUEST_METHOD) → Authorization (401) → job
// lookup (RESOURCE_NOT_FOUND). Routes with `handle: null` are reserved for later work and answer
// 404 INVALID_URL_PATTERN, like any unknown path.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { readJobBody, writeJobBody } from './bodies';
import { createReadJob, createWriteJob, type CreateContext } from './createJobs';
import { fieldsBody, modulesBody } from './metadata';
import { orgBody } from './org';
import { handleUpload, type FileStore } from './uploads';
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
  /** uploaded zips by file id */
  files?: FileStore;
  /** what job creation needs, now */
  create?: () => CreateContext;
  /** the scopes of an accepted token (comma-separated) */
  scopesOf?: (token: string) => string | undefined;
}

/** A request as the handlers see it: the OAuth routes' view plus the raw body and headers. */
export interface RouteRequest extends OAuthRequest {
  raw: Buffer;
  /** the body was larger than the simulator reads (uploads: 26 MB) */
  tooLarge: boolean;
  headers: IncomingHttpHeaders;
}

export interface Route {
  name: string;
  pattern: RegExp;
  methods: string[];
  auth: boolean;
  /** null = reserved, not implemented yet (404 INVALID_URL_PATTERN) */
  handle: ((m: RegExpMatchArray, ctx: RouteContext, req: RouteRequest) => SimResponse) | null;
  /** OAuth scopes needed: every group must be met by one of its scopes ("x.*" = any scope starting "x.") */
  scopes?: string[][];
}

const BULK_CREATE = [['ZohoCRM.bulk.CREATE', 'ZohoCRM.bulk.ALL'], ['ZohoCRM.modules.*']];
const BULK_READ = [['ZohoCRM.bulk.READ', 'ZohoCRM.bulk.ALL'], ['ZohoCRM.modules.*']];

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
  // ---- creating jobs (uploads.ts, createJobs.ts, metadata.ts, org.ts) ----
  // POST /crm/{v}/upload: the upload host's path, served on this port too
  { name: 'upload', pattern: new RegExp(`^/crm/${V}/upload$`), methods: ['POST'], auth: true, scopes: [['ZohoFiles.files.ALL']], handle: (_m, ctx, req) => handleUpload({ headers: req.headers, body: req.raw, tooLarge: req.tooLarge }, filesOf(ctx), createOf(ctx).now) },
  { name: 'create-write-job', pattern: new RegExp(`^/crm/bulk/${V}/write$`), methods: ['POST'], auth: true, scopes: BULK_CREATE, handle: (_m, ctx, req) => createWriteJob(req.contentType, req.body, createOf(ctx)) },
  { name: 'create-read-job', pattern: new RegExp(`^/crm/bulk/${V}/read$`), methods: ['POST'], auth: true, scopes: BULK_READ, handle: (_m, ctx, req) => createReadJob(req.contentType, req.body, createOf(ctx)) },
  { name: 'org', pattern: new RegExp(`^/crm/${V}/org$`), methods: ['GET'], auth: true, scopes: [['ZohoCRM.org.READ', 'ZohoCRM.org.ALL']], handle: () => ({ status: 200, body: orgBody(), headers: HEADERS.jobDetails }) },
  { name: 'modules', pattern: new RegExp(`^/crm/${V}/settings/modules$`), methods: ['GET'], auth: true, scopes: [['ZohoCRM.settings.modules.READ', 'ZohoCRM.settings.modules.ALL', 'ZohoCRM.settings.ALL']], handle: () => ({ status: 200, body: modulesBody(), headers: HEADERS.jobDetails }) },
  { name: 'fields', pattern: new RegExp(`^/crm/${V}/settings/fields$`), methods: ['GET'], auth: true, scopes: [['ZohoCRM.settings.fields.READ', 'ZohoCRM.settings.fields.ALL', 'ZohoCRM.settings.ALL']], handle: (_m, _ctx, req) => fields(req.target) },
  // OAuth (accounts server, see oauth.ts): refresh / grant exchange, and revoke
  { name: 'oauth-token', pattern: /^\/oauth\/v2\/token$/, methods: ['POST'], auth: false, handle: (_m, ctx, req) => oauthOf(ctx).token(req) },
  { name: 'oauth-token-revoke', pattern: /^\/oauth\/v2\/token\/revoke$/, methods: ['POST'], auth: false, handle: (_m, ctx, req) => oauthOf(ctx).revoke(req) },
];

function fields(target: string): SimResponse {
  const module = new URL(target, 'http://sim').searchParams.get('module');
  const error = (code: string, message: string, details: Record<string, unknown>): SimResponse => ({ status: 400, body: JSON.stringify({ code, details, message, status: 'error' }), headers: HEADERS.gateway });
  if (!module) return error('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'module' });
  const body = fieldsBody(module);
  return body === undefined ? error('INVALID_MODULE', 'the module name given seems to be invalid', { param_name: 'module' }) : { status: 200, body, headers: HEADERS.jobDetails };
}

function filesOf(ctx: RouteContext): FileStore {
  if (!ctx.files) throw new Error('uploads are not set up');
  return ctx.files;
}

function createOf(ctx: RouteContext): CreateContext {
  if (!ctx.create) throw new Error('job creation is not set up');
  return ctx.create();
}

/** 401 OAUTH_SCOPE_MISMATCH unless the token's scopes meet every group. */
export function checkScopes(granted: string | undefined, needed: string[][] | undefined): SimResponse | undefined {
  if (!needed || granted === undefined) return undefined;
  const have = granted.split(/[,\s]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  const meets = (want: string): boolean => {
    const w = want.toLowerCase();
    return w.endsWith('*') ? have.some((h) => h.startsWith(w.slice(0, -1))) : have.includes(w);
  };
  if (needed.every((group) => group.some(meets))) return undefined;
  return { status: 401, body: JSON.stringify({ code: 'OAUTH_SCOPE_MISMATCH', details: {}, message: 'invalid oauth scope to access this URL', status: 'error' }), headers: HEADERS.auth };
}

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

/** Request bodies, read by the server before routing. */
const bodies = new WeakMap<IncomingMessage, { raw: Buffer; tooLarge: boolean }>();
export function setRequestBody(req: IncomingMessage, raw: Buffer, tooLarge = false): void {
  bodies.set(req, { raw, tooLarge });
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
      const token = /^Zoho-oauthtoken[ \t]+(\S+)/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const narrow = checkScopes(ctx.scopesOf?.(token), r.scopes);
      if (narrow) return narrow;
    }
    const b = bodies.get(req) ?? { raw: Buffer.alloc(0), tooLarge: false };
    return r.handle(m, ctx, { target: req.url ?? '/', body: b.raw.length <= 4 * 1024 * 1024 ? b.raw.toString('utf8') : '', raw: b.raw, tooLarge: b.tooLarge, contentType: req.headers['content-type'], headers: req.headers });
  }
  return errors.invalidUrlPattern();
}
