// Authenticated POSTs that must not happen twice (file uploads, job creations). The same host
// rules as http.ts (the API base is checked by checkApiBase; an absolute target must be a table
// upload host, or the loopback API base itself), the same token rules, and a narrower retry
// rule: a request is repeated only when it certainly never left (the connection was never
// established: refused, DNS, unreachable), or when Zoho refused the access token (nothing was
// processed) and a new one is available. Any failure after the connection was up becomes
// NOT_SENT_AGAIN; 429 and 5xx answers are reported, not retried.
import { decodeBody } from './bodyText';
import { AuthRetry } from './authRetry';
import { checkApiBase, isLoopback } from './dataCenters';
import { ErrorContext, ZohoError, errorFromBody, errorFromResponse, errorFromTransport } from './errors';
import type { LogFn } from './httpTypes';
import { parseLosslessJson } from './json';
import { PostFailure, postOnce, type BodyChunks } from './postRequest';
import type { TokenProvider } from './tokenProvider';
import { isTableUploadUrl } from './uploadHost';

export interface SenderOptions {
  apiBase: string | (() => string);
  tokens: TokenProvider;
  userAgent: string;
  /** idle limit per attempt (default 120 s: an upload's answer can take a while after the last byte) */
  timeoutMs?: number;
  /** attempts for requests that never left (default 4) and the first backoff (default 500 ms) */
  retry?: { maxAttempts?: number; baseDelayMs?: number };
  log?: LogFn;
}

/** What one call sends; `body()` is called once per attempt (a stream cannot be sent twice). */
export interface SendSpec {
  /** a path on the API domain ("/crm/bulk/v8/write") or an absolute upload URL */
  target: string | URL;
  contentType: string;
  body: () => string | Buffer | BodyChunks;
  contentLength?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface SentAnswer {
  status: number;
  /** parsed losslessly (ids exact) */
  body: unknown;
  rawJson: string;
}

const NEVER_LEFT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export class ZohoSender {
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;

  constructor(private readonly opts: SenderOptions) {
    this.timeoutMs = positive(opts.timeoutMs, 120_000);
    this.maxAttempts = Math.max(1, Math.floor(positive(opts.retry?.maxAttempts, 4)));
    this.baseDelayMs = positive(opts.retry?.baseDelayMs, 500);
  }

  /** The API base as configured now (a function is read per call). */
  apiBase(): string {
    return typeof this.opts.apiBase === 'function' ? this.opts.apiBase() : this.opts.apiBase;
  }

  async send(spec: SendSpec, ctx: ErrorContext): Promise<SentAnswer> {
    const url = this.resolve(spec.target, ctx);
    const auth = new AuthRetry(this.opts.tokens, this.opts.log);
    for (let attempt = 1; ; attempt++) {
      if (spec.signal?.aborted) throw aborted(ctx);
      const token = (await this.opts.tokens.getAccessToken())?.trim();
      if (!token || !/^[\x21-\x7e]+$/.test(token)) throw new ZohoError({ code: 'NO_TOKEN', kind: ctx.kind, jobId: ctx.jobId });
      const headers: Record<string, string> = {
        ...spec.headers,
        Authorization: `Zoho-oauthtoken ${token}`,
        'User-Agent': this.opts.userAgent,
        Accept: 'application/json',
        'Content-Type': spec.contentType,
      };
      if (spec.contentLength !== undefined) headers['Content-Length'] = String(spec.contentLength);
      const started = Date.now();
      let answer;
      try {
        answer = await postOnce({ url, headers, body: spec.body(), idleTimeoutMs: this.timeoutMs, signal: spec.signal });
      } catch (e) {
        const failure = e instanceof PostFailure ? e : new PostFailure(e, true, false, false);
        if (failure.aborted) throw aborted(ctx);
        const plain = errorFromTransport(failure.error, { ...ctx, timeoutMs: this.timeoutMs, timedOut: failure.timedOut, host: url.host });
        if (failure.sent) throw notSentAgain(plain, ctx, failure);
        const errno = (plain.details as { errno?: string } | undefined)?.errno;
        if (attempt >= this.maxAttempts || !(failure.timedOut || (errno !== undefined && NEVER_LEFT.has(errno)))) throw plain;
        const delay = Math.min(30_000, this.baseDelayMs * 2 ** (attempt - 1));
        this.opts.log?.('warn', `POST ${url.host}${url.pathname} never left (${plain.code}); attempt ${attempt + 1} of ${this.maxAttempts} in ${delay} ms`);
        await sleep(delay, spec.signal, ctx);
        continue;
      }
      this.opts.log?.('debug', `POST ${url.host}${url.pathname} → HTTP ${answer.status} (${Date.now() - started} ms)`);
      let text: string;
      try {
        text = decodeBody(answer.bytes, answer.headers.get('content-encoding'), ctx);
      } catch (e) {
        throw e instanceof ZohoError ? e : new ZohoError({ code: 'INVALID_RESPONSE', kind: ctx.kind, detail: 'the answer could not be read' });
      }
      if (answer.status >= 300 && answer.status < 400) {
        throw new ZohoError({ code: 'UNEXPECTED_REDIRECT', httpStatus: answer.status, kind: ctx.kind, jobId: ctx.jobId });
      }
      if (answer.status < 200 || answer.status >= 300) {
        const err = errorFromResponse(answer.status, answer.headers, text, ctx);
        // Zoho refused the token: nothing was processed, so one more try with a new token is safe
        if (await auth.shouldRetry(err, token)) continue;
        throw err;
      }
      let body: unknown;
      try {
        body = parseLosslessJson(text);
      } catch {
        throw errorFromResponse(answer.status, answer.headers, text, ctx);
      }
      // errors may come back with HTTP 200: {status:"error", code} or {ERROR_CODE, ERROR_MESSAGE}
      const inBody = errorFromBody(body, answer.status, ctx);
      if (inBody) throw inBody;
      return { status: answer.status, body, rawJson: text };
    }
  }

  private resolve(target: string | URL, ctx: ErrorContext): URL {
    const untrusted = (detail: string) => new ZohoError({ code: 'UNTRUSTED_HOST', kind: ctx.kind, jobId: ctx.jobId, detail });
    let raw: string;
    try {
      raw = this.apiBase();
    } catch {
      throw untrusted('The API address could not be determined.');
    }
    const check = checkApiBase(raw);
    if (!check.ok) throw untrusted(check.reason);
    if (typeof target === 'string') {
      if (!target.startsWith('/') || target.startsWith('//')) throw untrusted('The request path is not a path on the API domain.');
      const url = new URL(target, check.url);
      if (url.origin !== check.url.origin) throw untrusted('The request path leaves the API domain.');
      return url;
    }
    const sameLoopback = isLoopback(check.url) && target.origin === check.url.origin;
    if (!sameLoopback && !(isTableUploadUrl(target) && !isLoopback(check.url))) {
      throw untrusted(`"${target.hostname}" is not the upload host of a Zoho data centre.`);
    }
    return new URL(target.href);
  }
}

function notSentAgain(plain: ZohoError, ctx: ErrorContext, failure: PostFailure): ZohoError {
  const words = plain.code === 'TIMEOUT' ? 'Zoho did not answer in time' : plain.message.replace(/^Could not reach Zoho: /, '').replace(/ \([A-Z_]+\)\.$/, '');
  return new ZohoError({ code: 'NOT_SENT_AGAIN', kind: ctx.kind, jobId: ctx.jobId, detail: words, details: plain.details, cause: failure.error });
}

function aborted(ctx: ErrorContext): ZohoError {
  return new ZohoError({ code: 'ABORTED', kind: ctx.kind, jobId: ctx.jobId });
}

function sleep(ms: number, signal: AbortSignal | undefined, ctx: ErrorContext): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    t.unref?.();
    const onAbort = (): void => {
      clearTimeout(t);
      reject(aborted(ctx));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}
