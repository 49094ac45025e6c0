// The shared fixture for the result-download tests: a simulator and a temp folder per describe, plus helpers.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ZohoClient, ZohoError, ZohoHttp, type HttpOptions } from '../../../src/zoho';
import { type DownloadDeps, type DownloadRequest } from '../../../src/zoho/resultDownload';
import { staticTokenProvider } from '../../../src/zoho/tokenProvider';
import { startSimulator, type Simulator } from '../../sim/server';

/** A job schedule that is finished at once. */
export const DONE = { inProgressAfterMs: 0, doneAfterMs: 0 };

/**
 * Call inside a mocha `describe` body: registers hooks that start a simulator and make a temp folder
 * (closed and removed after), reset the simulator before each test, and returns the helpers.
 */
export function useDownloadFixture() {
  let sim: Simulator;
  let dir: string;
  let n = 0;

  before(async () => {
    sim = await startSimulator({ token: 'dl-token', seed: false, timeScale: 0, downloadsPerMinute: Infinity });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-dl-'));
  });
  after(async () => {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => sim.reset());

  const httpOptions = (s: Simulator, o: Partial<HttpOptions> = {}): HttpOptions => ({
    apiBase: s.url,
    tokens: staticTokenProvider(s.token),
    userAgent: 'zbj-tests',
    timeoutMs: 2000,
    retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 50 },
    ...o,
  });
  const deps = (s: Simulator = sim, o: Partial<DownloadDeps> = {}, h: Partial<HttpOptions> = {}): DownloadDeps => ({
    http: new ZohoHttp(httpOptions(s, h)),
    idleTimeoutMs: 2000,
    sleep: async () => undefined,
    ...o,
  });
  const dest = (name = 'r'): string => path.join(dir, `${name}-${++n}`, 'result.zip');
  const leftovers = (zip: string): string[] => (fs.existsSync(path.dirname(zip)) ? fs.readdirSync(path.dirname(zip)) : []);
  const rejectsWith = async (p: Promise<unknown>, code: string, extra?: (e: ZohoError) => void): Promise<void> => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ZohoError, String(e));
      assert.equal(e.code, code, e.message);
      extra?.(e);
      return true;
    });
  };

  async function writeLink(s: Simulator, id: string): Promise<string> {
    const { job } = await new ZohoClient(httpOptions(s)).getWriteJob(id);
    assert.ok(job.downloadUrl, 'completed job has a download_url');
    return job.downloadUrl;
  }
  async function readLink(s: Simulator, id: string): Promise<string> {
    const { job } = await new ZohoClient(httpOptions(s)).getReadJob(id);
    assert.ok(job.result?.downloadUrl);
    return job.result.downloadUrl;
  }
  const request = (url: string, kind: 'read' | 'write', jobId: string, o: Partial<DownloadRequest> = {}): DownloadRequest => ({
    url,
    apiBase: sim.url,
    ctx: { kind, jobId },
    destZipPath: dest(kind),
    ...o,
  });

  return {
    /** the simulator, started in `before` */
    get sim(): Simulator {
      return sim;
    },
    /** the temp folder, made in `before` */
    get dir(): string {
      return dir;
    },
    httpOptions,
    deps,
    leftovers,
    rejectsWith,
    writeLink,
    readLink,
    request,
  };
}
