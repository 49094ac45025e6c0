// ResultService against the simulator: download → unzip → summary recorded on the job; a cancel,
// a broken connection or an expired link leaves nothing on disk.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ResultService } from '../../src/jobs/results/resultService';
import { ZohoError } from '../../src/zoho/errors';
import { jobStack, type JobStack } from './helpers/jobStack';

describe('ResultService', () => {
  let s: JobStack;
  let root: string;
  let results: ResultService;
  beforeEach(async () => {
    s = await jobStack({ retries: 2 });
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-results-'));
    results = new ResultService(s.store, s.service, { downloadResult: (req) => s.client.downloadResult(req, { sleep: async () => undefined }) });
  });
  afterEach(async () => { fs.rmSync(root, { recursive: true, force: true }); await s.close(); });

  const finished = async (total: number, counts: { added?: number; skipped?: number } = {}) => {
    const id = s.sim.addWriteJob({ module: 'Leads', operation: 'insert', total, ...counts });
    s.sim.setStatus(id, 'COMPLETED');
    await s.service.add(id);
    return id;
  };

  it('records the decoded result on the job and keeps only the CSV', async () => {
    const id = await finished(20, { added: 15, skipped: 5 });
    const r = await results.download(id, { root });
    assert.strictEqual(r.rows, 20);
    assert.deepStrictEqual({ added: r.byStatus?.added, skipped: r.byStatus?.skipped }, { added: 15, skipped: 5 });
    assert.ok((r.byError ?? []).reduce((n, e) => n + e.count, 0) >= 5);
    assert.deepStrictEqual(fs.readdirSync(path.join(root, id)), [path.basename(r.csvPath)]);
    assert.strictEqual(s.store.get(id)?.result, r);
  });

  it('a download cancelled while bytes are flowing → ABORTED and no folder', async () => {
    // a paced simulator, so the body is still arriving when the cancel comes
    const paced = await jobStack({ retries: 2, downloadBytesPerSecond: 64 * 1024 });
    try {
      const service = new ResultService(paced.store, paced.service, { downloadResult: (req) => paced.client.downloadResult(req, { sleep: async () => undefined }) });
      const id = paced.sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 3000 });
      paced.sim.setStatus(id, 'COMPLETED');
      await paced.service.add(id);
      const abort = new AbortController();
      let atCancel: { receivedBytes: number; totalBytes?: number; folder: boolean } | undefined;
      const download = service.download(id, {
        root, signal: abort.signal,
        onProgress: (p) => {
          if (p.phase !== 'download' || p.receivedBytes === 0 || atCancel) return;
          atCancel = { receivedBytes: p.receivedBytes, totalBytes: p.totalBytes, folder: fs.existsSync(path.join(root, id)) };
          abort.abort();
        },
      });
      await assert.rejects(download, (e: ZohoError) => e.code === 'ABORTED');
      assert.ok(atCancel, 'the cancel came while the body was downloading');
      assert.ok(atCancel.folder, 'the job folder existed when the cancel came (so "no folder" below means it was removed)');
      assert.ok(atCancel.totalBytes === undefined || atCancel.receivedBytes < atCancel.totalBytes, `bytes were still flowing: ${JSON.stringify(atCancel)}`);
      assert.deepStrictEqual(fs.readdirSync(root), []);
      assert.strictEqual(paced.store.get(id)?.result, undefined);
    } finally {
      await paced.close();
    }
  });

  it('a download cut halfway, or an expired link → an error and no folder', async () => {
    const id = await finished(400);
    s.sim.injectFault({ kind: 'truncated', times: Number.POSITIVE_INFINITY, jobId: id });
    await assert.rejects(results.download(id, { root }), (e: ZohoError) => e.code === 'NETWORK_ERROR');
    s.sim.clearFaults();
    s.sim.expireLinks(id);
    await assert.rejects(results.download(id, { root }), (e: ZohoError) => e.code === 'LINK_EXPIRED' && /expired/i.test(e.message));
    assert.deepStrictEqual(fs.readdirSync(root), []);
    assert.strictEqual(s.store.get(id)?.result, undefined);
  });

  it('says why a job has no result', async () => {
    const id = s.sim.addWriteJob({ module: 'Deals', operation: 'update', total: 5 });
    await s.service.add(id);
    await assert.rejects(results.download(id, { root }), /no result to download yet: it is added/);
  });
});
