// The cockatiel retry policy for Zoho requests: network faults, timeouts, 5xx and 429 only;
// exponential backoff with jitter, never shorter than Zoho's Retry-After.
import { DelegateBackoff, ExponentialBackoff, IBackoff, IRetryBackoffContext, RetryPolicy, decorrelatedJitterGenerator, handleWhen, retry } from 'cockatiel';
import { ZohoError } from './errors';

export interface RetrySettings {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Longest backoff; a Retry-After above it is not waited out (the error is thrown instead). */
  maxDelayMs: number;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', msg: string) => void;
}

/** Whether a failure deserves another attempt under these settings. */
export function shouldRetry(e: unknown, maxDelayMs: number): boolean {
  return e instanceof ZohoError && e.retryable && !((e.retryAfterMs ?? 0) > maxDelayMs);
}

export function createRetryPolicy(s: RetrySettings): RetryPolicy {
  const exponential = new ExponentialBackoff({ initialDelay: s.baseDelayMs, maxDelay: s.maxDelayMs, generator: decorrelatedJitterGenerator });
  const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown>>((context, state) => {
    const next = state ? state.next(context) : exponential.next();
    const err = 'error' in context.result ? context.result.error : undefined;
    const wait = err instanceof ZohoError && err.retryAfterMs !== undefined ? err.retryAfterMs : 0;
    return { delay: Math.max(next.duration, wait), state: next };
  });
  const policy = retry(
    handleWhen((e) => shouldRetry(e, s.maxDelayMs)),
    { maxAttempts: Math.max(0, s.maxAttempts - 1), backoff },
  ).dangerouslyUnref(); // a pending backoff timer must not keep the extension host alive
  policy.onRetry((r) => {
    const code = 'error' in r && r.error instanceof ZohoError ? r.error.code : 'error';
    s.log?.('warn', `Zoho request failed (${code}); retry ${r.attempt} of ${s.maxAttempts - 1} in ${Math.round(r.delay)} ms`);
  });
  return policy;
}
