// What a bulk read job was created with (reference §2.1 `query`), and what the extension keeps
// about an export it created: the query, whether every page is wanted, and the next page's job.
// Saved with the job (persistence/savedJob.ts), so it is plain JSON and read back with checks.

/** One condition or an and/or group, in Zoho's own keys (reference §2.1 `query.criteria`). */
export type Criteria =
  | { field: { api_name: string }; comparator: string; value: unknown }
  | { group_operator: 'and' | 'or'; group: Criteria[] };

export interface ReadQuery {
  /** module API name */
  module: string;
  /** field API names; absent = every field */
  fields?: string[];
  criteria?: Criteria;
  /** 1-based page; absent = 1 */
  page?: number;
  /** the previous page's next_page_token (beyond 200,000 records) */
  pageToken?: string;
}

export interface ExportInfo {
  /** the query this job was created with */
  query: ReadQuery;
  /** create each next page's job when this one finishes with more records */
  allPages?: boolean;
  /**
   * The next page: `jobId` once created. Without `jobId`, its creation was started and may or may
   * not have reached Zoho (creates are not idempotent): it is not sent again by itself.
   */
  next?: { jobId?: string; at: number };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A saved ExportInfo read back; undefined when it is missing or malformed (the job then has none). */
export function readExportInfo(v: unknown): ExportInfo | undefined {
  if (!isRecord(v) || !isRecord(v.query) || typeof v.query.module !== 'string' || v.query.module === '') return undefined;
  const q = v.query;
  const query: ReadQuery = { module: q.module as string };
  if (Array.isArray(q.fields) && q.fields.every((f) => typeof f === 'string')) query.fields = q.fields as string[];
  if (isRecord(q.criteria)) query.criteria = q.criteria as Criteria;
  if (typeof q.page === 'number' && Number.isInteger(q.page) && q.page >= 1) query.page = q.page;
  if (typeof q.pageToken === 'string' && q.pageToken !== '') query.pageToken = q.pageToken;
  const info: ExportInfo = { query };
  if (v.allPages === true) info.allPages = true;
  if (isRecord(v.next)) {
    const next: ExportInfo['next'] = { at: typeof v.next.at === 'number' ? v.next.at : 0 };
    if (typeof v.next.jobId === 'string' && /^\d{1,25}$/.test(v.next.jobId)) next.jobId = v.next.jobId;
    info.next = next;
  }
  return info;
}
