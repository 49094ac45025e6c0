// A rejection episode: the retry with a renewed access token was refused (401) too, so new tokens
// are being rejected (a proxy, the wrong data centre, an account problem). Refreshing pauses for
// 1 minute, doubling to 10 on each further such rejection; the refresh token is kept. The episode
// ends when a token lives long enough to be renewed the ordinary way (TokenManager calls end()).
import { ZohoError } from './errors';

const REJECTED_BACKOFF_MS = 60_000;
const REJECTED_BACKOFF_MAX_MS = 10 * 60_000;

export class RejectionEpisode {
  /** renewed tokens rejected in this episode (0: no episode) */
  private count = 0;
  private until = 0;

  constructor(private readonly now: () => number) {}

  /** Inside an episode (paused, or probing after the pause). */
  get active(): boolean {
    return this.count > 0;
  }

  /** When refreshing may be tried again (ms since the epoch), while paused; else undefined. */
  get pausedUntil(): number | undefined {
    return this.count > 0 && this.now() < this.until ? this.until : undefined;
  }

  /** OAUTH_TOKEN_REJECTED (with the time left) while paused; else undefined. */
  error(): ZohoError | undefined {
    const t = this.now();
    if (this.count === 0 || t >= this.until) return undefined;
    return new ZohoError({ code: 'OAUTH_TOKEN_REJECTED', httpStatus: 401, retryAfterMs: this.until - t });
  }

  /** A renewed token was refused too: pause. `first` is true when this starts the episode. */
  reject(): { first: boolean; count: number; pauseMs: number } {
    this.count += 1;
    const pauseMs = Math.min(REJECTED_BACKOFF_MAX_MS, REJECTED_BACKOFF_MS * 2 ** Math.min(this.count - 1, 20));
    this.until = this.now() + pauseMs;
    return { first: this.count === 1, count: this.count, pauseMs };
  }

  end(): void {
    this.count = 0;
    this.until = 0;
  }
}
