// Collects every message and log line a test file produces, and the secrets it handled, so the file
// can check at its end that no secret reached any of them.
import assert from 'node:assert/strict';
import { ZohoError, type LogFn } from '../../../src/zoho';

export class SecretWatch {
  readonly captured: string[] = [];
  readonly secrets = new Set<string>();
  readonly log: LogFn = (level, msg) => {
    this.captured.push(`${level} ${msg}`);
  };

  /** Records every text of an error (message, hint, Zoho's words, details, stack) and returns it. */
  readonly keep = (e: unknown): unknown => {
    if (e instanceof ZohoError) this.captured.push(e.message, e.hint ?? '', e.zohoMessage ?? '', JSON.stringify(e.details ?? null), String(e.stack));
    else this.captured.push(String(e));
    return e;
  };

  /** Awaits `p`, which must fail with a ZohoError of this code; its texts are recorded. */
  readonly failure = async (p: Promise<unknown>, code: string): Promise<ZohoError> => {
    try {
      await p;
    } catch (e) {
      this.keep(e);
      assert.ok(e instanceof ZohoError, String(e));
      assert.equal(e.code, code, e.message);
      return e;
    }
    assert.fail(`expected ${code}`);
  };

  /** No secret (6 characters or more) in anything captured, and enough was captured to mean something. */
  assertNoSecrets(minLines: number, minSecrets = 1): void {
    assert.ok(this.captured.length >= minLines, `only ${this.captured.length} lines captured`);
    assert.ok(this.secrets.size >= minSecrets, `only ${this.secrets.size} secrets recorded`);
    for (const line of this.captured) {
      for (const s of this.secrets) if (s.length >= 6) assert.ok(!line.includes(s), `secret in: ${line.slice(0, 300)}`);
    }
  }
}
