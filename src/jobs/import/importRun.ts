// Runs an import plan: split the CSV into parts and, for each part in turn, upload its zip,
// create the bulk write job and track it (saved before the next part starts). One part at a
// time, streamed from disk, so memory stays flat whatever the file size.
//
// Cancelling (the signal): before a job is created, nothing is left at Zoho but an uploaded file
// no job refers to; once a part's create request has been sent it is let finish and the job is
// tracked, and no further part is started. Uploads and creates are never retried here (the client
// retries only what failed before it was sent).
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { describeError } from '../../zoho/errors';
import type { ImportGroup } from '../trackedJob';
import { IMPORT_LIMITS } from './csvProblems';
import { splitCsv, type SplitOptions } from './csvSplit';
import type { ImportGateway, WriteJobBody } from './importGateway';
import type { ImportPlan } from './importPlan';

export interface ImportProgress {
  /** 1-based part being worked on */
  part: number;
  /** parts planned (it can grow when rows are wide enough for the 25 MB zip limit to cut first) */
  parts: number;
  phase: 'splitting' | 'uploading' | 'creating' | 'tracking';
  /** CSV bytes read into parts so far, of `bytesTotal` */
  bytesDone: number;
  bytesTotal: number;
  jobIds: readonly string[];
}

export interface ImportRunDeps {
  gateway: ImportGateway;
  /** tracks a created job and resolves once it is saved (JobService.add) */
  track(jobId: string, group: ImportGroup): Promise<void>;
  signal?: AbortSignal;
  onProgress?(p: ImportProgress): void;
  /** split options (tests: smaller parts, a temp folder) */
  split?: Pick<SplitOptions, 'maxRows' | 'maxZipBytes' | 'tempDir' | 'level'>;
  groupId?: string;
}

export interface ImportOutcome {
  /** one per part created, in part order */
  jobIds: string[];
  /** stopped by the signal before every part was sent */
  cancelled: boolean;
  groupId: string;
}

/** A part failed after earlier parts were created: those jobs stay tracked, and the message says so. */
export class ImportPartError extends Error {
  readonly code: string;
  constructor(readonly part: number, readonly parts: number, readonly jobIds: string[], override readonly cause: unknown) {
    const inner = describeError(cause);
    const done = jobIds.length === 0 ? '' : ` ${jobIds.length === 1 ? 'Part 1 was' : `Parts 1–${jobIds.length} were`} created and ${jobIds.length === 1 ? 'is' : 'are'} tracked (${jobIds.join(', ')}); the rest of the file was not sent.`;
    super(parts > 1 ? `Part ${part} of ${parts}: ${inner}${done}` : inner);
    this.name = 'ImportPartError';
    this.code = typeof (cause as { code?: unknown })?.code === 'string' ? (cause as { code: string }).code : 'IMPORT_FAILED';
  }
}

export function writeJobBody(plan: ImportPlan, fileId: string): WriteJobBody {
  return {
    operation: plan.operation,
    ...(plan.ignoreEmpty ? { ignore_empty: true } : {}),
    resource: [{
      type: 'data',
      module: { api_name: plan.module },
      file_id: fileId,
      ...(plan.findBy ? { find_by: plan.findBy } : {}),
      field_mappings: plan.mappings.map((m) => ({ ...m })),
    }],
  };
}

export async function runImport(plan: ImportPlan, deps: ImportRunDeps): Promise<ImportOutcome> {
  const { gateway, signal } = deps;
  const groupId = deps.groupId ?? randomUUID();
  const jobIds: string[] = [];
  const maxRows = deps.split?.maxRows ?? IMPORT_LIMITS.maxRows;
  let planned = Math.max(1, Math.ceil(plan.check.dataRows / maxRows));
  let bytesDone = 0;
  let part = 1;
  const progress = (phase: ImportProgress['phase']): void =>
    deps.onProgress?.({ part, parts: planned, phase, bytesDone: Math.min(bytesDone, plan.check.bytes), bytesTotal: plan.check.bytes, jobIds: [...jobIds] });
  const cancelled = (): ImportOutcome => ({ jobIds, cancelled: true, groupId });
  if (signal?.aborted) return cancelled();
  try {
    progress('splitting');
    const { zgid } = await gateway.org(signal);
    for await (const p of splitCsv(plan.file, { ...deps.split, signal })) {
      part = p.index + 1;
      if (p.last) planned = part;
      else planned = Math.max(planned, part + 1);
      bytesDone += p.csvBytes;
      if (signal?.aborted) return cancelled();
      progress('uploading');
      const { fileId } = await gateway.upload(p.zipPath, zgid, signal);
      if (signal?.aborted) return cancelled(); // uploaded, but no job refers to the file
      progress('creating');
      // once sent, a create is let finish: a job Zoho made must not be left untracked
      const { id } = await gateway.createWriteJob(writeJobBody(plan, fileId));
      jobIds.push(id);
      progress('tracking');
      const group: ImportGroup = { id: groupId, file: path.basename(plan.file), module: plan.module, operation: plan.operation, part: p.index, parts: planned };
      await deps.track(id, group);
    }
  } catch (e) {
    if (signal?.aborted) return cancelled();
    throw new ImportPartError(part, planned, jobIds, e);
  }
  return { jobIds, cancelled: false, groupId };
}
