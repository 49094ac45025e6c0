// Serialises jobs into Zoho's job-details bodies (snake_case, key order as in Zoho's captures
// and docs samples). Bulk write: a bare object. Bulk read: {data:[…]}. v2 sends module names as
// plain strings; v2.1+ as {api_name, id}.
import { CAPTURED } from './capture';
import type { JobState, ReadJob, WriteJob } from './jobStore';
import { BareNumber, toJsonText } from './jsonText';

/** The fake org's id as it appears in bulk-write download URLs. */
export const ORG_PATH = 'org4150868';
export const READ_PER_PAGE = 200000;

/** ISO-8601 with the fake org's offset (+05:30, as in the capture), seconds precision. */
export function formatZohoTime(ms: number): string {
  return `${new Date(ms + 5.5 * 3600_000).toISOString().slice(0, 19)}+05:30`;
}

function moduleValue(version: string, module: string, id: string): unknown {
  return version === 'v2' ? module : { api_name: module, id };
}

export function writeDownloadUrl(baseUrl: string, version: string, jobId: string): string {
  return `${baseUrl}/${version}/crm/${ORG_PATH}/bulk-write/${jobId}/${jobId}.zip`;
}

export function readDownloadPath(version: string, jobId: string): string {
  return `/crm/bulk/${version}/read/${jobId}/result`;
}

/** GET /crm/bulk/{version}/write/{id} body text. */
export function writeJobBody(job: WriteJob, state: JobState, version: string, baseUrl: string): string {
  if (job.exactCapture && version === 'v2') return CAPTURED.success.body;
  const { phase } = state;
  const waiting = phase === 'added' || phase === 'queued';
  const done = phase === 'completed' || phase === 'failed';
  // The capture shows no character_encoding and no file object for a job still running.
  const bare = job.captured === true && !done;
  const resourceStatus = waiting ? job.spelling : phase === 'completed' ? 'COMPLETED' : phase === 'failed' ? 'FAILED' : state.raw;
  const code = waiting ? 'ADDED' : phase === 'completed' ? 'SUCCESS' : phase === 'failed' ? 'FAILED' : 'INPROGRESS';
  const f = state.fraction;
  const added = Math.floor(job.final.added * f);
  const updated = Math.floor(job.final.updated * f);
  const skipped = Math.floor(job.final.skipped * f);
  const file = bare ? undefined
    : waiting ? { status: job.spelling } // as in Zoho's "Added" sample
    : {
        status: resourceStatus,
        name: job.fileName,
        added_count: added,
        skipped_count: skipped,
        updated_count: updated,
        total_count: done ? job.total : added + updated + skipped,
      };
  const body = {
    status: state.raw,
    character_encoding: bare || waiting ? undefined : 'UTF-8',
    resource: [
      {
        status: resourceStatus,
        type: 'data',
        module: moduleValue(version, job.module, job.moduleId),
        field_mappings: job.fieldMappings.map((m) => ({
          api_name: m.api_name,
          index: m.index,
          format: m.format ?? null,
          find_by: m.find_by ?? null,
          module: m.module ?? null,
          default_value: m.default_value ?? null,
        })),
        code,
        file_id: job.fileId === undefined ? undefined : job.fileIdAsNumber ? new BareNumber(job.fileId) : job.fileId,
        file,
      },
    ],
    id: job.id,
    result: phase === 'completed' ? { download_url: writeDownloadUrl(baseUrl, version, job.id) } : undefined,
    callback: job.callback,
    created_by: job.createdBy,
    ignore_empty: job.ignoreEmpty,
    operation: job.operation,
    created_time: job.createdTime ?? formatZohoTime(job.createdAt),
  };
  return toJsonText(body);
}

/** A read job's page: records on it, and whether more follow. */
export function readPage(job: ReadJob): { page: number; perPage: number; count: number; first: number; more: boolean } {
  const page = job.page ?? 1;
  const perPage = job.perPage ?? READ_PER_PAGE;
  const first = (page - 1) * perPage;
  return { page, perPage, first, count: Math.max(0, Math.min(perPage, job.count - first)), more: job.count > page * perPage };
}

/** GET /crm/bulk/{version}/read/{id} body text. */
export function readJobBody(job: ReadJob, state: JobState, version: string): string {
  let result: unknown;
  if (state.phase === 'completed') {
    const { page, perPage, count, more } = readPage(job);
    result = {
      page,
      per_page: perPage,
      count,
      download_url: readDownloadPath(version, job.id),
      more_records: more,
      next_page_token: more ? `sim${job.id.slice(-9)}p${page + 1}` : undefined,
    };
  } else if (state.phase === 'failed') {
    result = {
      error_message: { status: 'error', code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error occurred.', details: {} },
    };
  }
  const detail = {
    id: job.id,
    operation: 'read',
    state: state.raw,
    result,
    query: { module: moduleValue(version, job.module, job.moduleId), fields: job.fields, page: job.page ?? 1 },
    created_by: job.createdBy,
    created_time: formatZohoTime(job.createdAt),
    file_type: 'csv',
  };
  return toJsonText({ data: [detail] });
}
