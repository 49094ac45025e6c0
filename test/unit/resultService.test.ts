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

  it('a cancelled download → ABORTED and no folder', async () => {
    const id = await finished(3000);
    s.sim.injectFault({ kind: 'latency', ms: 300, jobId: id, times: 10 });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    await assert.rejects(results.download(id, { root, signal: abort.signal }), (e: ZohoError) => e.code === 'ABORTED');
    assert.deepStrictEqual(fs.readdirSync(root), []);
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
