// Realistic saved bodies for "finished" jobs: a few COMPLETED job-details bodies fetched from the
// simulator through the real ZohoClient, then multiplied with fresh ids and created times. Used in
// Node (finished.ts) and, through a JSON file, inside the extension host (inHost.ts). No vscode.
// Jobs are rebuilt through decodeJob, the decoder activation applies to each saved job file
// (JobFiles.loadSync; the memory figure in finished.ts loads real files through it).
import { decodeJob } from '../src/jobs/jobPersistence';
import type { TrackedJob } from '../src/jobs/trackedJob';
import type { ZohoClient } from '../src/zoho/client';
import type { JobKind } from '../src/zoho/types';
import type { Simulator } from '../test/sim/server';

export interface SavedBody { kind: JobKind; id: string; body: string }

/** Six finished jobs of different shapes (write insert/update/upsert with 4–5 mappings, reads). */
export async function fetchSampleBodies(sim: Simulator, client: ZohoClient): Promise<SavedBody[]> {
  const specs: Array<{ kind: JobKind; make: () => string }> = [
    { kind: 'write', make: () => sim.addWriteJob({ module: 'Leads', operation: 'insert', total: 1200, skipped: 3 }) },
    { kind: 'write', make: () => sim.addWriteJob({ module: 'Contacts', operation: 'update', total: 540 }) },
    { kind: 'write', make: () => sim.addWriteJob({ module: 'Deals', operation: 'upsert', total: 9000, skipped: 17 }) },
    { kind: 'write', make: () => sim.addWriteJob({ module: 'Accounts', operation: 'insert', total: 75 }) },
    { kind: 'read', make: () => sim.addReadJob({ module: 'Contacts', count: 48213 }) },
    { kind: 'read', make: () => sim.addReadJob({ module: 'Leads', count: 310, fields: ['Last_Name', 'Email', 'Company'] }) },
  ];
  const out: SavedBody[] = [];
  for (const s of specs) {
    const id = s.make();
    sim.setStatus(id, 'COMPLETED');
    const f = await client.getJob(s.kind, id);
    if (f.job.status.status !== 'completed') throw new Error(`sample ${id} is ${f.job.status.raw}, not COMPLETED`);
    out.push({ kind: s.kind, id, body: f.rawJson });
  }
  return out;
}

const CREATED = /"created_time": "[^"]*"/;

/** n bodies: the samples themselves first (their real ids), then copies with new ids, each created a minute earlier. */
export function variantBodies(samples: readonly SavedBody[], n: number, base = 4150868000007000000n): SavedBody[] {
  const out: SavedBody[] = [];
  const t0 = Date.UTC(2025, 5, 1);
  for (let i = 0; i < n; i++) {
    const s = samples[i % samples.length];
    if (i < samples.length) { out.push(s); continue; }
    const id = String(base + BigInt(i));
    const created = new Date(t0 - i * 60_000).toISOString().slice(0, 19) + '+05:30';
    const body = s.body.split(s.id).join(id).replace(CREATED, `"created_time": "${created}"`);
    out.push({ kind: s.kind, id, body });
  }
  return out;
}

/** The list the previous version saved in globalState (format 1): what the migration starts from. */
export function savedState(saved: readonly SavedBody[], at = Date.now()): { version: 1; jobs: unknown[] } {
  return { version: 1, jobs: saved.map(({ kind, id, body }) => ({ id, kind, addedAt: at, body, fetchedAt: at })) };
}

/** TrackedJobs built from saved bodies with the decoder activation applies to each saved file's job (decodeJob → decodeSavedBody). */
export function trackedFromSaved(saved: readonly SavedBody[], at = Date.now()): TrackedJob[] {
  return savedState(saved, at).jobs.map((entry) => {
    const job = decodeJob(entry);
    if (typeof job === 'string') throw new Error(job);
    return job;
  });
}
