// Result downloads end to end over loopback HTTP against the simulator, with real zips: job details → download → unzip → summaries.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { KNOWN_ERROR_CODES } from '../../src/jobs/results/errorColumn';
import { summariseReadResult, summariseWriteResult, summaryLine } from '../../src/jobs/results/resultSummary';
import { unzipToFolder } from '../../src/jobs/results/unzip';
import { ZohoClient, type FetchLike } from '../../src/zoho';
import { downloadResult, type DownloadProgress } from '../../src/zoho/resultDownload';
import { DEFAULT_EXPORT_FIELDS } from '../sim/resultCsv';
import { DONE, useDownloadFixture } from './helpers/downloadFixture';

/** global.gc, made available at run time when node was started without --expose-gc. */
function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
const MB = 1024 * 1024;

describe('zoho/resultDownload: end to end against the simulator', function () {
  this.timeout(20_000);
  const fx = useDownloadFixture();
  const { httpOptions, deps, leftovers, rejectsWith, writeLink, readLink, request } = fx;

  it('bulk write: download → unzip → summary, counts equal the job’s counts', async () => {
    const id = fx.sim.addWriteJob({
      module: 'Leads',
      operation: 'upsert',
      total: 2500,
      added: 1900,
      updated: 520,
      skipped: 80,
      fileName: 'leads_q3.csv',
      fieldMappings: [
        { api_name: 'Email', index: 2 },
        { api_name: 'Last_Name', index: 0 },
        { api_name: 'Company', index: 1 },
        { api_name: 'Phone', index: 3 },
      ],
      schedule: DONE,
    });
    const { job } = await new ZohoClient(httpOptions(fx.sim)).getWriteJob(id);
    const file = job.resources[0].file;
    const link = job.downloadUrl ?? '';
    assert.ok(link.startsWith(`${fx.sim.url}/v8/crm/`), link);
    const progress: DownloadProgress[] = [];
    const req = request(link, 'write', id, { onProgress: (p) => progress.push(p) });
    const got = await downloadResult(deps(), req);
    assert.equal(got.path, req.destZipPath);
    assert.equal(got.bytes, fs.statSync(got.path).size);
    assert.deepEqual(leftovers(got.path), ['result.zip']);
    assert.equal(progress.at(-1)?.receivedBytes, got.bytes);
    assert.equal(progress.at(-1)?.totalBytes, got.bytes);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].receivedBytes >= progress[i - 1].receivedBytes);
    // the token went to the simulator, once
    const downloads = fx.sim.requests.filter((r) => r.path.endsWith('.zip'));
    assert.deepEqual(downloads.map((r) => r.authorization), ['Zoho-oauthtoken dl-token']);

    const files = await unzipToFolder(got.path, path.join(path.dirname(got.path), 'csv'), { ctx: { kind: 'write', jobId: id } });
    assert.deepEqual(files.map((f) => f.name), ['Leads-leads_q3.csv']);
    const s = await summariseWriteResult(files[0].path);
    assert.deepEqual(s.columns, ['Last_Name', 'Company', 'Email', 'STATUS', 'RECORD_ID', 'ERRORS']);
    assert.equal(s.rows, file?.totalCount);
    assert.deepEqual(
      [s.byStatus.added, s.byStatus.updated, s.byStatus.skipped, s.byStatus.unprocessed, s.byStatus.other],
      [file?.addedCount, file?.updatedCount, file?.skippedCount, 0, 0],
    );
    assert.equal(s.rowsWithErrors, 80);
    assert.ok(s.byError.every((e) => KNOWN_ERROR_CODES.includes(e.code)));
    assert.deepEqual(
      s.byError.map((e) => `${e.code} ${e.column}`).sort(),
      ['DUPLICATE_DATA Email', 'INVALID_DATA Phone', 'MANDATORY_NOT_FOUND Company', 'MANDATORY_NOT_FOUND Last_Name'],
    );
    assert.match(summaryLine(s), /^1,900 added · 520 updated · 80 skipped · DUPLICATE_DATA \(Email\) ×\d+ · MANDATORY_NOT_FOUND \(Last_Name\) ×\d+ · /);
  });

  it('bulk read: a 50,000-row export streams through download, unzip and count with modest memory', async () => {
    // no `fields`: every field of the module (16 columns, ~350 bytes a row), like Zoho without a field list
    const fields = DEFAULT_EXPORT_FIELDS.Contacts;
    // warm-up, so code loading and JIT do not count as growth
    const warm = fx.sim.addReadJob({ module: 'Contacts', count: 2000, schedule: DONE });
    const wz = await downloadResult(deps(), request(await readLink(fx.sim, warm), 'read', warm));
    await summariseReadResult((await unzipToFolder(wz.path, path.join(path.dirname(wz.path), 'x')))[0].path);

    const id = fx.sim.addReadJob({ module: 'Contacts', count: 50_000, schedule: DONE });
    const url = await readLink(fx.sim, id);
    assert.equal(url, `/crm/bulk/v8/read/${id}/result`);
    const gc = exposeGc();
    /** Runs one phase; peak growth of RSS and of heap + buffers over a collected baseline, in MB. */
    const measured = async <T>(run: (sample: () => void) => Promise<T>): Promise<{ value: T; ms: number; rss: number; heap: number }> => {
      gc();
      const base = process.memoryUsage();
      let rss = base.rss;
      let heap = base.heapUsed + base.arrayBuffers;
      const sample = (): void => {
        const m = process.memoryUsage();
        rss = Math.max(rss, m.rss);
        heap = Math.max(heap, m.heapUsed + m.arrayBuffers);
      };
      const timer = setInterval(sample, 5);
      const t0 = Date.now();
      try {
        const value = await run(sample);
        sample();
        return { value, ms: Date.now() - t0, rss: (rss - base.rss) / MB, heap: (heap - base.heapUsed - base.arrayBuffers) / MB };
      } finally {
        clearInterval(timer);
      }
    };
    const dl = await measured((sample) => downloadResult(deps(), request(url, 'read', id, { onProgress: sample })));
    const uz = await measured((sample) => unzipToFolder(dl.value.path, path.join(path.dirname(dl.value.path), 'csv'), { onProgress: sample }));
    const ct = await measured(() => summariseReadResult(uz.value[0].path));
    const [files, summary] = [uz.value, ct.value];
    assert.deepEqual(files.map((f) => f.name), [`${id}.csv`]);
    assert.equal(summary.rows, 50_000);
    assert.deepEqual(summary.columns, ['id', ...fields]);
    const csvMb = files[0].bytes / MB;
    const zipMb = dl.value.bytes / MB;
    const mb = (x: number): string => x.toFixed(1);
    console.log(
      `      50,000 rows: download ${mb(zipMb)} MB zip in ${dl.ms} ms (simulator deflating on the fly); unzip ${mb(csvMb)} MB in ${uz.ms} ms ` +
        `(${(csvMb / (uz.ms / 1000)).toFixed(0)} MB/s); count in ${ct.ms} ms. Peak growth RSS/heap+buffers MB: ` +
        `download ${mb(dl.rss)}/${mb(dl.heap)}, unzip ${mb(uz.rss)}/${mb(uz.heap)}, count ${mb(ct.rss)}/${mb(ct.heap)}`,
    );
    assert.ok(csvMb > 15, `export is ${mb(csvMb)} MB`);
    assert.ok(files[0].bytes > dl.value.bytes * 4, 'the simulator really compressed it');
    for (const [phase, m] of [['download', dl], ['unzip', uz], ['count', ct]] as const) {
      assert.ok(m.heap < 64, `${phase}: heap grew ${mb(m.heap)} MB`);
      assert.ok(m.rss < 64, `${phase}: RSS grew ${mb(m.rss)} MB`);
    }
  });

  it('reuses ZohoHttp: a rejected token is refreshed once, then the download succeeds', async () => {
    const id = fx.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 10, schedule: DONE });
    const url = await writeLink(fx.sim, id);
    let token = 'stale-token';
    const d = deps(fx.sim, {}, { tokens: { getAccessToken: async () => token, onUnauthorized: async () => ((token = fx.sim.token), true) } });
    await downloadResult(d, request(url, 'write', id));
    assert.deepEqual(
      fx.sim.requests.filter((r) => r.path.endsWith('.zip')).map((r) => r.authorization),
      ['Zoho-oauthtoken stale-token', 'Zoho-oauthtoken dl-token'],
    );
  });

  it('a damaged zip downloads fine but unzips to CORRUPT_RESULT', async () => {
    const id = fx.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 500, schedule: DONE });
    const got = await downloadResult(deps(), request(await writeLink(fx.sim, id), 'write', id));
    const bytes = fs.readFileSync(got.path);
    for (let i = 40; i < bytes.length - 200; i += 11) bytes[i] ^= 0x33;
    fs.writeFileSync(got.path, bytes);
    const out = path.join(path.dirname(got.path), 'csv');
    await rejectsWith(unzipToFolder(got.path, out, { ctx: { kind: 'write', jobId: id } }), 'CORRUPT_RESULT', (e) =>
      assert.match(e.message, new RegExp(`^The result file is damaged or not a zip archive: .*\\(CORRUPT_RESULT\\)\\.$`)),
    );
    assert.equal(fs.existsSync(out), false);
  });

  it('a 200 that is really an error (JSON API_Exception, "Link not valid") becomes that error', async () => {
    const answer = (status: number, contentType: string, body: string): FetchLike => async () => ({
      status,
      headers: { get: (k: string) => (k.toLowerCase() === 'content-type' ? contentType : null) },
      text: async () => body,
      body: Readable.from([Buffer.from(body)]),
    });
    const run = (f: FetchLike) => downloadResult({ ...deps(), fetch: f }, request(`${fx.sim.url}/v8/crm/org1/bulk-write/1/1.zip`, 'write', '1'));
    await rejectsWith(run(answer(200, 'application/json', '{"code":"INVALID_URL_PATTERN","details":{},"message":"x","status":"error"}')), 'INVALID_URL_PATTERN');
    await rejectsWith(run(answer(200, 'application/octet-stream', '{"info":"Forbidden","x-info":"Link not valid"}')), 'LINK_EXPIRED');
    await rejectsWith(run(answer(403, 'text/plain', 'Link not valid')), 'LINK_EXPIRED');
    await rejectsWith(run(answer(403, 'application/json', '{"code":"NO_PERMISSION","details":{},"message":"Permission denied","status":"error"}')), 'NO_PERMISSION');
    await rejectsWith(run(answer(200, 'text/html', '<html><title>Login</title></html>')), 'INVALID_RESPONSE');
  });

  it('unknown or unfinished jobs answer RESOURCE_NOT_FOUND; a blocked folder is SAVE_FAILED before any request', async () => {
    const running = fx.sim.addReadJob({ module: 'Leads', count: 10 });
    await rejectsWith(downloadResult(deps(), request(`/crm/bulk/v8/read/${running}/result`, 'read', running)), 'RESOURCE_NOT_FOUND');
    await rejectsWith(downloadResult(deps(), request(`${fx.sim.url}/v8/crm/org4150868/bulk-write/999/999.zip`, 'write', '999')), 'RESOURCE_NOT_FOUND');
    fx.sim.reset();
    const blocker = path.join(fx.dir, 'blocker-file');
    fs.writeFileSync(blocker, 'x');
    await rejectsWith(downloadResult(deps(), request('/crm/bulk/v8/read/1/result', 'read', '1', { destZipPath: path.join(blocker, 'r.zip') })), 'SAVE_FAILED');
    assert.deepEqual(fx.sim.requests, []);
  });
});
