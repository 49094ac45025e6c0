// The saved jobs on disk: one small JSON file per job in one folder (the extension's global
// storage), so that one job's change rewrites that job's file alone. A file is written to a
// temporary name and renamed over the old one, so a reader (or a restart after the process was
// killed) sees the old file or the new one, never half of one. Files that cannot be read are moved
// to `unreadable/` (or, when written by a newer version, left where they are and never touched):
// nothing is deleted or written over silently.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeJob, isRecord, type SavedJob } from './savedJob';
import type { TrackedJob } from '../trackedJob';

export const FILE_VERSION = 2;
export const UNREADABLE_DIR = 'unreadable';
/** a temporary file older than this was left by a process that died while writing it */
const STALE_TMP_MS = 10 * 60_000;

/** What one file holds. */
export interface JobFile { version: typeof FILE_VERSION; job: SavedJob }

/** The file of a job. A later version with several connections names it `<connection>~<id>.json`. */
export function fileNameFor(job: { id: string; connection?: string }): string {
  return job.connection === undefined ? `${job.id}.json` : `${job.connection}~${job.id}.json`;
}

export interface LoadedFiles {
  jobs: TrackedJob[];
  /** false when the folder exists but could not be listed: nothing may be concluded from its absence */
  listed: boolean;
}

type Warn = (message: string) => void;

export class JobFiles {
  /** files this process must not write over or delete (a newer version's, or unreadable ones that could not be moved) */
  private readonly keep = new Set<string>();
  /** the last write or removal queued per file: operations on one file run in order */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly queue: (() => void)[] = [];
  private running = 0;
  private seq = 0;
  /** names this instance's temporary files apart from another instance's in the same process (a restart) or folder (another window) */
  private readonly tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  private ready: Promise<unknown> | undefined;

  constructor(readonly dir: string, private readonly maxParallel = 16) {}

  /** Reads every saved job (at activation: synchronous, no network). Problems go to `warn`, one per file. */
  loadSync(warn: Warn): LoadedFiles {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch (e) {
      if (errCode(e) === 'ENOENT') return { jobs: [], listed: true };
      warn(`The saved jobs folder ${this.dir} cannot be read (${errText(e)}); its jobs are not loaded and nothing in it is changed.`);
      return { jobs: [], listed: false };
    }
    const jobs: TrackedJob[] = [];
    for (const name of names.sort()) {
      if (name.endsWith('.tmp')) { this.removeStaleTmp(name); continue; }
      if (!name.endsWith('.json')) continue; // the unreadable/ folder, or another version's files
      const job = this.readOne(name, warn);
      if (job) jobs.push(job);
    }
    return { jobs, listed: true };
  }

  /** Saves a job: resolves once its file on disk holds `job` (or a later write). */
  write(job: SavedJob): Promise<void> {
    const name = fileNameFor(job);
    const text = JSON.stringify({ version: FILE_VERSION, job } satisfies JobFile);
    return this.enqueue(name, () => this.writeAtomic(name, text));
  }

  /** Removes a job's file: resolves once it is gone. A file this process must keep is not ours to remove: left as it is. */
  remove(job: { id: string; connection?: string }): Promise<void> {
    const name = fileNameFor(job);
    if (this.keep.has(name)) return Promise.resolve();
    return this.enqueue(name, async () => {
      try { await fs.promises.unlink(path.join(this.dir, name)); } catch (e) { if (errCode(e) !== 'ENOENT') throw e; }
    });
  }

  /** Whether a job's file is one this process leaves alone (a newer version's, or one that could not be read or moved): writing it fails. */
  keeps(job: { id: string; connection?: string }): boolean {
    return this.keep.has(fileNameFor(job));
  }

  private readOne(name: string, warn: Warn): TrackedJob | undefined {
    const file = path.join(this.dir, name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      this.keep.add(name);
      warn(`Saved job file ${file} cannot be read (${errText(e)}); it is left in place.`);
      return undefined;
    }
    let parsed: unknown;
    try { parsed = JSON.parse(text); } catch (e) {
      this.moveAside(name, `is not complete JSON (${errText(e)})`, warn);
      return undefined;
    }
    const version = isRecord(parsed) ? parsed.version : undefined;
    if (typeof version === 'number' && version > FILE_VERSION) {
      this.keep.add(name);
      warn(`Saved job file ${file} was written by a newer version of Zoho Bulk Jobs (format ${version}); it is left in place, unchanged.`);
      return undefined;
    }
    if (!isRecord(parsed) || version !== FILE_VERSION) {
      this.moveAside(name, `has no known format (version ${String(version)})`, warn);
      return undefined;
    }
    const job = decodeJob(parsed.job);
    if (typeof job === 'string') { this.moveAside(name, `is unreadable: ${job}`, warn); return undefined; }
    const connection = isRecord(parsed.job) && typeof parsed.job.connection === 'string' ? parsed.job.connection : undefined;
    if (fileNameFor({ id: job.id, connection }) !== name) { this.moveAside(name, `holds job ${job.id}`, warn); return undefined; }
    return job;
  }

  private moveAside(name: string, why: string, warn: Warn): void {
    const folder = path.join(this.dir, UNREADABLE_DIR);
    let target = path.join(folder, name);
    try {
      fs.mkdirSync(folder, { recursive: true });
      if (fs.existsSync(target)) target = path.join(folder, `${Date.now()}-${name}`);
      fs.renameSync(path.join(this.dir, name), target);
      warn(`Saved job file ${name} ${why}; moved to ${target}.`);
    } catch (e) {
      this.keep.add(name);
      warn(`Saved job file ${path.join(this.dir, name)} ${why}; it is left in place (moving it failed: ${errText(e)}).`);
    }
  }

  private removeStaleTmp(name: string): void {
    const file = path.join(this.dir, name);
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > STALE_TMP_MS) fs.unlinkSync(file);
    } catch { /* another window may have renamed it meanwhile */ }
  }

  private async writeAtomic(name: string, text: string): Promise<void> {
    const file = path.join(this.dir, name);
    const tmp = path.join(this.dir, `.${name}.${this.tag}-${++this.seq}.tmp`);
    this.ready ??= fs.promises.mkdir(this.dir, { recursive: true });
    await this.ready;
    try {
      await fs.promises.writeFile(tmp, text);
    } catch (e) {
      if (errCode(e) !== 'ENOENT') throw e;
      await fs.promises.mkdir(this.dir, { recursive: true }); // the folder was removed meanwhile
      await fs.promises.writeFile(tmp, text);
    }
    try {
      await fs.promises.rename(tmp, file);
    } catch (e) {
      await fs.promises.unlink(tmp).catch(() => undefined);
      throw e;
    }
  }

  private enqueue(name: string, op: () => Promise<void>): Promise<void> {
    if (this.keep.has(name)) {
      return Promise.reject(new Error(`${path.join(this.dir, name)} could not be read and is left unchanged; this job is not saved.`));
    }
    const previous = this.chains.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.limited(op));
    this.chains.set(name, next);
    const done = () => { if (this.chains.get(name) === next) this.chains.delete(name); };
    next.then(done, done);
    return next;
  }

  /** At most `maxParallel` file operations at once (10,000 jobs saved at once must not run out of file handles). */
  private limited(op: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const run = () => {
        this.running++;
        op().then(resolve, reject).finally(() => {
          this.running--;
          this.queue.shift()?.();
        });
      };
      if (this.running < this.maxParallel) run(); else this.queue.push(run);
    });
  }
}

function errCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
