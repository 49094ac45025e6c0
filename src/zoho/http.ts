// Generic authenticated GET against a trusted Zoho host: host check, token, timeout, retries, errors.
import type { RetryPolicy } from 'cockatiel';
import { httpFetch } from './httpFetch';
import { MAX_BODY_BYTES, readBodyText } from './bodyText';
import { readJsonBody, type JsonResponse } from './jsonBody';
import { checkApiBase, isLoopback, isZohoApiHost, type ApiBaseCheck } from './dataCenters';
import { ErrorContext, HeadersLike, ZohoError, errorFromResponse, errorFromTransport } from './errors';
import { AuthRetry } from './authRetry';
import { createRetryPolicy } from './retryPolicy';
import type { TokenProvider } from './tokenProvider';
import type { FetchLike, FetchResponseLike, LogFn, ResponseReader } from './httpTypes';

export type { JsonResponse } from './jsonBody';
export type { FetchInitLike, FetchLike, FetchResponseLike, LogFn, ResponseReader } from './httpTypes';

export interface RetryOptions {
  /** Total attempts including the first (default 4). */
  maxAttempts?: number;
  /** First backoff delay (default 500 ms); later ones grow exponentially, with jitter. */
  baseDelayMs?: number;
  /** Longest backoff (default 30 000 ms). A Retry-After longer than this is not waited out: the error is thrown with retryAfterMs. */
  maxDelayMs?: number;
}

export interface HttpOptions {
  apiBase: string | (() => string);
  tokens: TokenProvider;
  userAgent: string;
  timeoutMs?: number;
  retry?: RetryOptions;
  log?: LogFn;
  fetch?: FetchLike;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Per-attempt limit for this request (default: the client's timeoutMs). */
  timeoutMs?: number;
  /** timeoutMs limits silence, not the whole attempt: the reader's `alive()` restarts it (long downloads). */
  idleTimeout?: boolean;
  /** false: an HTTP 429 is thrown at once instead of retried, for callers that wait it out themselves. */
  retryRateLimited?: boolean;
  /** Accept header (default application/json). */
  accept?: string;
  /** This request only: another fetch (result downloads pass their deps' own). */
  fetch?: FetchLike;
  /** The reader streams `res.body` (downloads): the fetch decodes any Content-Encoding. Otherwise
   *  the body is read whole and decoded here (bodyText.ts), with a size cap. */
  streamBody?: boolean;
  /** Names endpoint-specific failures (an expired download link) before the generic non-2xx mapping. */
  classifyError?: (status: number, headers: HeadersLike, bodyText: string, ctx: ErrorContext) => ZohoError | undefined;
}

type Reader<T> = ResponseReader<T>;

/** Carries a 429 past the retry policy when the caller handles rate limits itself. */
class NotRetried {
  constructor(readonly error: unknown) {}
}

export class ZohoHttp {
  private readonly timeoutMs: number;
  private readonly fetchFn: FetchLike;
  private readonly policy: RetryPolicy;
  private lastBase?: { raw: string; check: ApiBaseCheck };

  constructor(private readonly opts: HttpOptions) {
    this.timeoutMs = positive(opts.timeoutMs, 30_000);
    const baseDelayMs = positive(opts.retry?.baseDelayMs, 500);
    this.policy = createRetryPolicy({
      maxAttempts: Math.max(1, Math.floor(positive(opts.retry?.maxAttempts, 4))),
      baseDelayMs,
      maxDelayMs: Math.max(baseDelayMs, positive(opts.retry?.maxDelayMs, 30_000)),
      log: opts.log,
    });
    this.fetchFn = opts.fetch ?? httpFetch;
  }

  /**
   * GET a JSON document: a path on the API domain ("/crm/bulk/v8/write/1") or an absolute trusted Zoho URL.
   * `knownText`: a body this caller parsed before; an identical answer comes back `unchanged`, unparsed.
   */
  getJson(target: string, ctx: ErrorContext, signal?: AbortSignal, knownText?: string): Promise<JsonResponse> {
    return this.request(target, ctx, readJsonBody(ctx, knownText), { signal });
  }

  /**
   * Authenticated GET with retries. `read` consumes a 2xx body inside the attempt (so the timeout
   * and retries cover it); non-2xx answers become ZohoErrors without calling it.
   */
  async request<T>(target: string, ctx: ErrorContext, read: Reader<T>, options: RequestOptions = {}): Promise<T> {
    const { signal } = options;
    const timeoutMs = positive(options.timeoutMs, this.timeoutMs);
    const auth = new AuthRetry(this.opts.tokens, this.opts.log);
    for (;;) {
      if (signal?.aborted) throw aborted(ctx);
      const url = this.resolve(target, ctx);
      const token = (await this.opts.tokens.getAccessToken())?.trim();
      // An empty or malformed token (spaces, control characters) is never put in a header.
      if (!token || !/^[\x21-\x7e]+$/.test(token)) throw new ZohoError({ code: 'NO_TOKEN', kind: ctx.kind, jobId: ctx.jobId });
      try {
        const noRateLimitRetry = options.retryRateLimited === false;
        const run = this.policy
          .execute(
            () =>
              this.attempt(url, token, ctx, read, timeoutMs, options).catch((e: unknown) => {
                throw noRateLimitRetry && e instanceof ZohoError && e.httpStatus === 429 ? new NotRetried(e) : e;
              }),
            signal,
          )
          .catch((e: unknown) => {
            throw e instanceof NotRetried ? e.error : e;
          });
        return await untilAborted(run, signal, ctx);
      } catch (e) {
        if (!(await auth.shouldRetry(e, token))) throw e;
      }
    }
  }

  private resolve(target: string, ctx: ErrorContext): URL {
    const untrusted = (detail: string) => new ZohoError({ code: 'UNTRUSTED_HOST', kind: ctx.kind, jobId: ctx.jobId, detail });
    let rawBase: string;
    try {
      rawBase = typeof this.opts.apiBase === 'function' ? this.opts.apiBase() : this.opts.apiBase;
    } catch {
      throw untrusted('The API address could not be determined.');
    }
    // the address is read per request (settings can change) but checked once per distinct value
    if (this.lastBase?.raw !== rawBase) this.lastBase = { raw: rawBase, check: checkApiBase(rawBase) };
    const { check } = this.lastBase;
    if (!check.ok) throw untrusted(check.reason);
    if (target.startsWith('/') && !target.startsWith('//')) {
      const url = new URL(target, check.url);
      if (url.origin !== check.url.origin) throw untrusted('The request path leaves the API domain.');
      return url;
    }
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw untrusted('The request address is not a valid URL.');
    }
    const sameLoopback = isLoopback(url) && url.origin === check.url.origin;
    if (url.username !== '' || url.password !== '' || !(isZohoApiHost(url) || sameLoopback)) {
      throw untrusted(`"${url.hostname}" is not a trusted Zoho host.`);
    }
    return url;
  }

  private headers(token: string, accept = 'application/json'): Record<string, string> {
    return {
      Authorization: `Zoho-oauthtoken ${token}`,
      'User-Agent': this.opts.userAgent,
      Accept: accept,
      'Accept-Encoding': 'gzip',
    };
  }

  private async attempt<T>(url: URL, token: string, ctx: ErrorContext, read: Reader<T>, timeoutMs: number, options: RequestOptions): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) throw aborted(ctx);
    const controller = new AbortController();
    let timedOut = false;
    const expire = () => {
      timedOut = true;
      controller.abort();
    };
    let timer = setTimeout(expire, timeoutMs);
    const alive = (): void => {
      if (!options.idleTimeout || timedOut) return;
      clearTimeout(timer);
      timer = setTimeout(expire, timeoutMs);
    };
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const transport = (e: unknown) => errorFromTransport(e, { ...ctx, timeoutMs, timedOut, host: url.host });
    const started = Date.now();
    try {
      let res: FetchResponseLike;
      try {
        res = await (options.fetch ?? this.fetchFn)(url.href, { method: 'GET', headers: this.headers(token, options.accept), redirect: 'manual', signal: controller.signal, ...(options.streamBody ? { compress: true } : { compress: false, size: MAX_BODY_BYTES }) });
      } catch (e) {
        throw transport(e);
      }
      this.opts.log?.('debug', `GET ${url.host}${url.pathname} → HTTP ${res.status} (${Date.now() - started} ms)`);
      if (res.status >= 300 && res.status < 400) {
        await res.text().catch(() => undefined);
        throw new ZohoError({ code: 'UNEXPECTED_REDIRECT', httpStatus: res.status, kind: ctx.kind, jobId: ctx.jobId, detail: locationHost(res, url) });
      }
      if (res.status < 200 || res.status >= 300) {
        let text: string;
        try {
          // an error body that cannot be decoded still leaves the HTTP status to report
          text = options.streamBody ? await res.text() : await readBodyText(res, ctx).catch(orEmptyIfUnreadable);
        } catch (e) {
          throw transport(e);
        }
        throw options.classifyError?.(res.status, res.headers, text, ctx) ?? errorFromResponse(res.status, res.headers, text, ctx);
      }
      try {
        alive();
        return await read(res, alive);
      } catch (e) {
        throw transport(e);
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

function orEmptyIfUnreadable(e: unknown): string {
  if (e instanceof ZohoError) return '';
  throw e;
}

function locationHost(res: FetchResponseLike, base: URL): string | undefined {
  const loc = res.headers.get('location');
  if (!loc) return undefined;
  try {
    return new URL(loc, base).host;
  } catch {
    return undefined;
  }
}

function aborted(ctx: ErrorContext): ZohoError {
  return new ZohoError({ code: 'ABORTED', kind: ctx.kind, jobId: ctx.jobId });
}

/** Rejects as soon as the caller aborts, even while cockatiel is sleeping between attempts. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined, ctx: ErrorContext): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted(ctx));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}
