// The simulator in its own process, driven through its /__sim control API, for the refresh and import benchmarks.
// Zoho's servers do not run on the user's CPU: with the simulator in the benchmark's own process its
// request handling, JSON rendering and gzip would queue on the same thread as the client being
// measured, and every figure would carry the simulator's cost. Control calls use their own agent,
// so the client's connection count stays exact.
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import type { WriteJobSpec } from '../test/sim/types';

const ROOT = path.resolve(__dirname, '..');

export interface SimProcess {
  url: string;
  token: string;
  pid: number;
  addWriteJob(spec: WriteJobSpec): Promise<string>;
  /** forces a job's status (POST /__sim/status), e.g. COMPLETED so its counts are served */
  setStatus(id: string, status: string): Promise<void>;
  /** arrival times (Date.now() in the simulator) of every request so far, control calls excluded */
  requestTimes(): Promise<number[]>;
  close(): Promise<void>;
}

export async function startSimProcess(opts: { token: string; latencyMs: number }): Promise<SimProcess> {
  const child = spawn(process.execPath, [...(process.env.BENCH_SIM_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'test/sim/cli.ts', '--port', '0', '--no-seed', '--token', opts.token, '--latency', String(opts.latencyMs)], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await listeningUrl(child);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const control = <T>(method: string, route: string, body?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const req = http.request(`${url}/__sim/${route}`, { method, agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 300) reject(new Error(`simulator ${method} ${route}: HTTP ${res.statusCode} ${text}`));
          else resolve(JSON.parse(text) as T);
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  return {
    url, token: opts.token, pid: child.pid ?? 0,
    addWriteJob: async (spec) => (await control<{ id: string }>('POST', 'jobs', { kind: 'write', ...spec })).id,
    setStatus: async (id, status) => { await control('POST', 'status', { id, status }); },
    requestTimes: async () => (await control<{ requests: { at: number; path: string }[] }>('GET', 'requests')).requests
      .filter((r) => !r.path.startsWith('/__sim')).map((r) => r.at),
    close: async () => {
      agent.destroy();
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error('the simulator did not start within 30 s')), 30_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${e.message}\n${out}${err}`));
    };
    child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume(); // keep draining, so the child never blocks on a full pipe
        resolve(m[1]);
      }
    });
    const onExit = (code: number | null) => fail(new Error(`the simulator exited (${code}) before listening`));
    child.once('exit', onExit);
  });
}
