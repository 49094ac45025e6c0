// Runs inside the real VS Code extension host (scripts/run-vscode.mjs integration, with
// VSCODE_EXT_TESTS_PATH pointing at the bundle dist/bench/inHost.js). Gets the extension's API,
// loads 10,000 finished jobs (rebuilt from saved bodies) into its store, and times the tree's
// root: getChildren() + getTreeItem() for every root child (cold once, then the median of warm
// runs). Also times activation (when the host has not activated the extension yet) and a restart
// with the 10,000 jobs saved. Prints one JSON line, bracketed by the runner's markers, prefixed
// with "@@BENCH ".
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import type { ZohoBulkJobsTestApi as ZohoBulkJobsApi } from '../src/extension';
import { trackedFromSaved, variantBodies, type SavedBody } from './bodies';

export const EXT_ID = 'zoho-bulk-jobs.zoho-bulk-jobs';
/** written by bench/run.ts next to this bundle */
export interface HostInput { jobs: number; warmup: number; runs: number; settleMs: number; samples: SavedBody[] }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

export async function run(): Promise<void> {
  const out: Record<string, unknown> = { hostNode: process.version, vscode: vscode.version };
  let failure: unknown;
  try {
    const input = JSON.parse(fs.readFileSync(path.join(__dirname, 'inHost.input.json'), 'utf8')) as HostInput;
    const ext = vscode.extensions.getExtension<ZohoBulkJobsApi>(EXT_ID);
    if (!ext) throw new Error(`extension ${EXT_ID} is not installed in this host`);
    out.alreadyActive = ext.isActive;
    let api: ZohoBulkJobsApi;
    if (ext.isActive) {
      api = ext.exports; // activated before us: its activation time cannot be measured from here
    } else {
      await sleep(input.settleMs); // let the freshly started host finish its own start-up work first
      const t0 = performance.now();
      api = await ext.activate(); // VS Code loads dist/extension.js and runs activate() (empty globalState)
      out.activationMs = performance.now() - t0;
    }
    const { internals } = api;
    out.jobsBefore = internals.store.size;

    const jobs = trackedFromSaved(variantBodies(input.samples, input.jobs));
    let t = performance.now();
    internals.store.load(jobs);
    out.loadMs = performance.now() - t;

    const root = () => {
      const tree = internals.tree; // a getter: the current tree (a new one after restart)
      const t0 = performance.now();
      const kids = tree.getChildren();
      const t1 = performance.now();
      let labelled = 0;
      for (const k of kids) if (tree.getTreeItem(k).label !== undefined) labelled++;
      const t2 = performance.now();
      if (kids.length !== input.jobs || labelled !== input.jobs) throw new Error(`root has ${kids.length} children, ${labelled} labelled`);
      return { total: t2 - t0, children: t1 - t0, items: t2 - t1 };
    };
    // cold: the first root read right after the load also sorts the 10,000 jobs (nothing can run in between)
    out.treeColdMs = root().total;

    // save and re-activate with the 10,000 jobs: internals.restart() waits for their files (one per job,
    // written as the load made them new), disposes everything and composes the extension again, which reads them back
    t = performance.now();
    let composeStart = 0;
    await internals.restart(async () => { composeStart = performance.now(); });
    out.restartFlushMs = composeStart - t;
    out.restartComposeMs = performance.now() - composeStart;
    out.jobsAfterRestart = internals.store.size;
    const dir = path.join(internals.globalStorageUri.fsPath, 'jobs');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    out.savedFiles = files.length;
    out.savedBytes = files.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
    await sleep(input.settleMs);

    // warm: what every later root read costs (sorted order cached until a job changes status)
    for (let i = 0; i < input.warmup; i++) { root(); await new Promise((r) => setImmediate(r)); }
    const runs: { total: number; children: number; items: number }[] = [];
    for (let i = 0; i < input.runs; i++) { runs.push(root()); await new Promise((r) => setImmediate(r)); }
    out.treeRuns = runs.map((r) => r.total);
    out.treeMs = median(runs.map((r) => r.total));
    out.treeChildrenMs = median(runs.map((r) => r.children));
    out.treeItemsMs = median(runs.map((r) => r.items));

    internals.store.load([]); // leave the test profile empty
    await sleep(500);
  } catch (e) {
    failure = e;
    out.error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  }
  console.log('@@TESTS-BEGIN');
  console.log(`@@BENCH ${JSON.stringify(out)}`);
  console.log('@@TESTS-END');
  if (failure) throw failure;
}
