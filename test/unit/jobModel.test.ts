// The model without VS Code: the status table, the job-id input, sorting and snapshots (the saved
// jobs are tested in jobFiles / jobPersistence / jobMigration .test.ts).
import * as assert from 'assert';
import { parseJobIdInput } from '../../src/jobs/jobIdInput';
import { decodeSavedBody } from '../../src/jobs/jobPersistence';
import { JobStore } from '../../src/jobs/jobStore';
import { toSnapshot } from '../../src/jobs/snapshot';
import { STATUS_TABLE } from '../../src/jobs/statusTable';
import { jobTitle, writeCounts } from '../../src/jobs/trackedJob';
import { formatCounts, mdEscape, relativeTime } from '../../src/ui/format';
import type { JobStatus } from '../../src/zoho/types';

const SEED = '4150868000005392002';
const writeBody = (id: string, status: string, created = '2021-05-13T11:00:58+05:30') =>
  `{"id": "${id}", "status": "${status}", "operation": "insert", "created_time": "${created}", "resource": [{"status": "${status}", "type": "data", "module": {"api_name": "Leads", "id": "1"}, "field_mappings": [], "file": {"added_count": 7, "updated_count": 0, "skipped_count": 3, "total_count": 10}}]}`;

describe('status table', () => {
  it('polls exactly added, queued and in-progress; completed, failed and skipped are terminal', () => {
    const polled = Object.entries(STATUS_TABLE).filter(([, v]) => v.polled).map(([k]) => k).sort();
    const terminal = Object.entries(STATUS_TABLE).filter(([, v]) => v.terminal).map(([k]) => k).sort();
    assert.deepStrictEqual(polled, ['added', 'in-progress', 'queued']);
    assert.deepStrictEqual(terminal, ['completed', 'failed', 'skipped']);
    for (const [k, v] of Object.entries(STATUS_TABLE)) assert.ok(!(v.polled && v.terminal), k);
  });
  it('spins only while in progress', () => {
    assert.deepStrictEqual(Object.entries(STATUS_TABLE).filter(([, v]) => v.icon.includes('~spin')).map(([k]) => k), ['in-progress']);
  });
});

describe('job id input', () => {
  const ok = (input: unknown, id: string, kind?: string) => {
    const r = parseJobIdInput(input);
    assert.ok(r.ok, `${JSON.stringify(input)}: ${!r.ok ? r.reason : ''}`);
    assert.strictEqual(r.id, id);
    assert.strictEqual(r.kind, kind);
  };
  it('accepts ids, job-details URLs and JSON bodies', () => {
    ok(SEED, SEED);
    ok(`  ${SEED}\n`, SEED);
    ok('1', '1');
    ok('1'.repeat(25), '1'.repeat(25));
    ok(`https://www.zohoapis.eu/crm/bulk/v8/write/${SEED}`, SEED, 'write');
    ok(`https://www.zohoapis.com/crm/bulk/v2.1/read/${SEED}/result`, SEED, 'read');
    ok(writeBody(SEED, 'ADDED'), SEED, 'write');
    ok(`{"status":"INPROGRESS","resource":[],"id":${SEED}}`, SEED, 'write'); // bare 19-digit number kept exactly
    ok(`{"data":[{"id":"${SEED}","operation":"read","state":"QUEUED"}]}`, SEED, 'read');
    ok(`{"status":"success","code":"SUCCESS","details":{"id":"${SEED}","created_by":{"id":"9"}}}`, SEED);
  });
  it('refuses everything else with a reason', () => {
    for (const bad of ['', ' ', 'abc', '1'.repeat(26), '-5', '1.0', '１２', '12 34', 'https://x.io/nope', '{"id":"x"}', '{', '[1]', 5, null, undefined, {}, BigInt(5)]) {
      const r = parseJobIdInput(bad);
      assert.ok(!r.ok && r.reason.length > 10, JSON.stringify(String(bad)));
    }
  });
});

describe('job store and snapshots', () => {
  it('sorts unfinished first, then newest, and fires per-job changes', () => {
    const store = new JobStore(() => 1000);
    const changes: string[] = [];
    store.onDidChangeJob(({ job, previous }) => changes.push(`${job.id}:${previous}`));
    const add = (id: string, status: string, created: string) => {
      store.add(id, 'write');
      store.recordSuccess(id, decodeSavedBody('write', writeBody(id, status, created)));
    };
    add('1', 'COMPLETED', '2024-01-01T00:00:00Z');
    add('2', 'IN PROGRESS', '2023-01-01T00:00:00Z');
    add('3', 'COMPLETED', '2025-01-01T00:00:00Z');
    add('4', 'ADDED', '2022-01-01T00:00:00Z');
    assert.deepStrictEqual(store.sorted().map((j) => j.id), ['2', '4', '3', '1']);
    assert.deepStrictEqual(changes, ['1:unknown', '2:unknown', '3:unknown', '4:unknown']);
    store.recordError('2', { code: 'TIMEOUT', message: 'Zoho did not answer in time (TIMEOUT).' });
    const snap = toSnapshot(store.get('2')!, 'Zoho US');
    assert.strictEqual(snap.connection, 'Zoho US');
    assert.strictEqual(snap.status, 'in-progress', 'last good status kept');
    assert.strictEqual((snap.raw as { id: string }).id, '2');
    assert.deepStrictEqual(snap.error, { code: 'TIMEOUT', message: 'Zoho did not answer in time (TIMEOUT).' });
    assert.strictEqual(jobTitle(store.get('1')!), 'Leads · insert');
    assert.strictEqual(formatCounts(writeCounts(store.get('1')!)!), '7 added, 3 skipped, of 10');
  });
});

describe('view text helpers', () => {
  it('relative time, counts and markdown escaping', () => {
    const now = Date.UTC(2026, 0, 1);
    assert.strictEqual(relativeTime(now - 3000, now), 'just now');
    assert.strictEqual(relativeTime(now - 5 * 60_000, now), '5 min ago');
    assert.strictEqual(relativeTime(now - 3 * 3600_000, now), '3 h ago');
    assert.strictEqual(relativeTime(now - 2 * 86400_000, now), '2 d ago');
    assert.strictEqual(relativeTime(Date.parse('2021-05-13T11:00:58+05:30'), now), '13 May 2021');
    assert.strictEqual(formatCounts({ added: 120, updated: 0, skipped: 3, total: 123 }), '120 added, 3 skipped, of 123');
    assert.strictEqual(mdEscape('[x](command:evil)'), '\\[x\\]\\(command:evil\\)');
  });
  it('every status has a label, an icon and a colour', () => {
    for (const s of ['added', 'queued', 'in-progress', 'completed', 'failed', 'skipped', 'unknown'] as JobStatus[]) {
      assert.ok(STATUS_TABLE[s].label && STATUS_TABLE[s].icon && STATUS_TABLE[s].color, s);
    }
  });
});
