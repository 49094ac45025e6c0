// Exports and their pages, against the simulator over loopback with the real client: a created
// export is tracked and saved with its query; "all pages" creates each next page's job exactly once
// when the previous one finishes with more_records (next_page_token sent as page_token), stops on
// the last page, and picks up after a restart; a create that may have reached Zoho unanswered is
// never sent again by itself, one Zoho refused may be asked again.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExportJobs, hasMorePages, nextPageQuery } from '../../src/jobs/export/exportJobs';
import type { ExportApi } from '../../src/jobs/export/exportPort';
import { planFromOptions } from '../../src/jobs/export/exportOptions';
import { PageFollower } from '../../src/jobs/export/pageFollower';
import { JobFiles, JobPersistence } from '../../src/jobs/jobPersistence';
import { JobService } from '../../src/jobs/jobService';
import { JobStore } from '../../src/jobs/jobStore';
import { ZohoClient } from '../../src/zoho/client';
import { staticTokenProvider } from '../../src/zoho/tokenProvider';
import { startSimulator, type Simulator } from '../sim/server';
import { until } from './helpers/jobStack';
import { tempDir } from './helpers/savedJobs';

const DONE_MS = 10_000; // the simulator's default schedule for created jobs

/** One window's worth of the model: store, service, saved files, exports, follower. */
class Session {
  readonly store = new JobStore();
  readonly service: JobService;
  readonly persistence: JobPersistence;
  readonly exports: ExportJobs;
  readonly follower: PageFollower;
  readonly created: [string, string][] = [];
  readonly errors: string[] = [];

  constructor(readonly api: ExportApi, client: ZohoClient, readonly dir: string) {
    const files = new JobFiles(dir);
    const loaded = files.loadSync(() => undefined);
    this.store.load(loaded.jobs);
    this.persistence = new JobPersistence(this.store, files, { savedIds: loaded.jobs.map((j) => j.id) });
    this.service = new JobService(this.store, client);
    this.exports = new ExportJobs({ store: this.store, api, refresh: (id) => this.service.refresh(id), saveNow: (id) => this.persistence.saveNow(id) });
    this.follower = new PageFollower(this.store, this.exports, {
      onCreated: (from, next) => this.created.push([from, next]),
      onError: (_from, message) => this.errors.push(message),
    });
  }

  async close(): Promise<void> {
    this.follower.dispose();
    await this.persistence.dispose();
  }
}

describe('export pages', function () {
  this.timeout(15000);
  let sim: Simulator;
  let client: ZohoClient;
  let api: ExportApi;
  let root: string;
  const sessions: Session[] = [];
  const open = () => { const s = new Session(api, client, path.join(root, 'jobs')); sessions.push(s); return s; };
  const creates = () => sim.requests.filter((r) => r.method === 'POST' && r.path === '/crm/bulk/v8/read').length;
  const settle = () => new Promise((r) => setTimeout(r, 50));

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, token: 'unit-token', seed: false, timeScale: 0, readPerPage: 1000, readRecordCounts: { Leads: 2500 } });
    client = new ZohoClient({ apiBase: sim.url, tokens: staticTokenProvider(sim.token), userAgent: 'zoho-bulk-jobs-tests/0', timeoutMs: 2000, retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 20 } });
    api = {
      modules: async (signal) => (await client.getModules(signal)).filter((m) => m.bulkRead).map((m) => ({ apiName: m.apiName, label: m.pluralLabel ?? m.apiName })),
      fields: async (module, signal) => (await client.getFields(module, signal)).map((f) => ({ apiName: f.apiName, label: f.label, dataType: f.dataType })),
      createReadJob: async (query, signal) => (await client.createReadJob({ ...query, signal })).id,
    };
    root = tempDir();
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close();
    await sim.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('creates an export from checked options, tracks it and saves its query', async () => {
    const s = open();
    const plan = await planFromOptions({ module: 'Leads', fields: ['Last_Name', 'Email'], criteria: { field: { api_name: 'Lead_Source' }, comparator: 'equal', value: 'Web Download' } }, api);
    const id = await s.exports.create(plan.query);
    const job = s.store.get(id)!;
    assert.strictEqual(job.kind, 'read');
    assert.strictEqual(job.data?.kind === 'read' && job.data.module, 'Leads', 'fetched once');
    assert.deepStrictEqual(job.export, { query: { module: 'Leads', fields: ['Last_Name', 'Email'], criteria: { field: { api_name: 'Lead_Source' }, comparator: 'equal', value: 'Web Download' } } });
    const saved = JSON.parse(fs.readFileSync(path.join(s.dir, `${id}.json`), 'utf8')) as { job: { export?: unknown } };
    assert.deepStrictEqual(saved.job.export, job.export);
    await assert.rejects(planFromOptions({ module: 'Leads', fields: ['Last_Name', 'Nope'] }, api), /Unknown field "Nope" in Leads/);
    await assert.rejects(planFromOptions({ module: 'Widgets' }, api), /Unknown module "Widgets"/);
    assert.strictEqual(creates(), 1, 'rejected options send nothing');
  });

  it('all pages: each finished page creates the next page\'s job once, until Zoho has no more records', async () => {
    const s = open();
    const first = await s.exports.create({ module: 'Leads', fields: ['Last_Name'] }, { allPages: true });
    sim.advance(DONE_MS);
    // several refreshes (and change events) of the finished page: still one next page
    await Promise.all([s.service.refresh(first), s.service.refresh(first), s.service.refreshAll()]);
    await s.service.refresh(first);
    await until(() => s.store.size === 2);
    await settle();
    assert.strictEqual(creates(), 2);
    const firstJob = s.store.get(first)!;
    assert.ok(hasMorePages(firstJob));
    const second = firstJob.export?.next?.jobId as string;
    assert.ok(second && s.store.has(second));
    const token = firstJob.data?.kind === 'read' ? firstJob.data.result?.nextPageToken : undefined;
    assert.ok(token, 'the simulator hands out a next_page_token');
    assert.deepStrictEqual(s.store.get(second)!.export, { query: { module: 'Leads', fields: ['Last_Name'], pageToken: token }, allPages: true });

    sim.advance(DONE_MS);
    await s.service.refresh(second);
    await until(() => s.store.size === 3);
    const third = s.store.get(second)!.export?.next?.jobId as string;
    sim.advance(DONE_MS);
    await s.service.refresh(third);
    await s.service.refreshAll();
    await settle();
    const pages = [first, second, third].map((id) => { const d = s.store.get(id)!.data; return d?.kind === 'read' ? [d.result?.page, d.result?.count, d.result?.moreRecords] : undefined; });
    assert.deepStrictEqual(pages, [[1, 1000, true], [2, 1000, true], [3, 500, false]]);
    assert.strictEqual(creates(), 3, 'no job after the last page');
    assert.strictEqual(s.store.size, 3);
    assert.deepStrictEqual(s.created, [[first, second], [second, third]]);
    assert.deepStrictEqual(s.errors, []);
  });

  it('survives a restart: a page that finished while closed gets its next page once', async () => {
    const a = open();
    const first = await a.exports.create({ module: 'Leads' }, { allPages: true });
    await a.close();
    sim.advance(DONE_MS); // finishes while "VS Code" is closed

    const b = open();
    assert.strictEqual(b.store.get(first)?.export?.allPages, true, 'the flag is read back from disk');
    await b.service.refreshAll();
    await until(() => b.store.size === 2);
    const second = b.store.get(first)!.export!.next!.jobId!;
    await b.close();

    const c = open(); // the chain's record is on disk: nothing is sent again
    await settle();
    assert.strictEqual(c.store.get(first)?.export?.next?.jobId, second);
    assert.strictEqual(c.store.get(second)?.export?.allPages, true);
    assert.strictEqual(creates(), 2);
  });

  it('a create that may have reached Zoho unanswered is not sent again; one Zoho refused can be', async () => {
    const s = open();
    const first = await s.exports.create({ module: 'Leads' });
    sim.advance(DONE_MS);
    await s.service.refresh(first);
    assert.ok(nextPageQuery(s.store.get(first)!), 'the page has a next one');
    assert.deepStrictEqual(s.created, [], 'without allPages nothing follows by itself');

    sim.injectFault({ kind: 'status', status: 400 });
    await assert.rejects(s.exports.createNextPage(first));
    assert.strictEqual(s.store.get(first)!.export?.next, undefined, 'a refused create leaves no mark');

    sim.injectFault({ kind: 'reset' });
    await assert.rejects(s.exports.createNextPage(first));
    assert.ok(s.store.get(first)!.export?.next && !s.store.get(first)!.export!.next!.jobId, 'the mark stays: Zoho may have it');
    await s.close();

    const t = open();
    await settle();
    await assert.rejects(t.exports.createNextPage(first), /may already have it/);
    assert.strictEqual(creates(), 3, 'the first create, the refused one and the cut one; nothing after');
  });

  it('the next page of a job added by id: its query read from Zoho\'s answer, created once', async () => {
    const s = open();
    const id = sim.addReadJob({ module: 'Contacts', count: 450_000, fields: ['Last_Name', 'Email'] });
    sim.setStatus(id, 'COMPLETED');
    await s.service.add(id, 'read');
    const [a, b] = await Promise.all([s.exports.createNextPage(id), s.exports.createNextPage(id)]);
    assert.strictEqual(a, b);
    assert.strictEqual(await s.exports.createNextPage(id), a, 'a later call gives the same job');
    assert.strictEqual(creates(), 1);
    const next = s.store.get(a)!;
    assert.strictEqual(next.export?.query.module, 'Contacts');
    assert.deepStrictEqual(next.export?.query.fields, ['Last_Name', 'Email']);
    assert.match(next.export?.query.pageToken ?? '', /p2$/);
    assert.strictEqual(next.data?.kind === 'read' && next.data.module, 'Contacts');
    await assert.rejects(s.exports.createNextPage('123'), /not tracked/);
  });
});
