// Understands what a user pastes into "Add Job ID": a bare id, a job-details URL, or a JSON
// body holding the job's "id" (job details, a bulk read {data:[…]}, or a create-job response).
import { parseLosslessJson } from '../zoho/json';
import type { JobKind } from '../zoho/types';

export type JobIdParse =
  | { ok: true; id: string; kind?: JobKind }
  | { ok: false; reason: string };

const ID = /^\d{1,25}$/;
const URL_PATH = /\/crm\/bulk\/v[\d.]+\/(write|read)\/(\d{1,25})(?:\/result)?\/?$/;

export function parseJobIdInput(input: unknown): JobIdParse {
  if (typeof input !== 'string') {
    if (typeof input === 'number' || typeof input === 'bigint') {
      return { ok: false, reason: 'Pass the job ID as a string: Zoho job IDs have 18–19 digits, more than a JavaScript number holds exactly.' };
    }
    return { ok: false, reason: 'A job ID must be text made of digits, e.g. "4150868000005392002".' };
  }
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'Enter a job ID: 1–25 digits, e.g. 4150868000005392002.' };
  if (ID.test(text)) return { ok: true, id: text };
  if (/^https?:\/\//i.test(text)) return fromUrl(text);
  if (text.startsWith('{')) return fromJson(text);
  if (/^\d+$/.test(text)) return { ok: false, reason: `That is ${text.length} digits; a Zoho job ID has at most 25.` };
  return { ok: false, reason: 'A job ID is 1–25 digits (e.g. 4150868000005392002), a job-details URL, or the job\'s JSON.' };
}

function fromUrl(text: string): JobIdParse {
  let url: URL;
  try { url = new URL(text); } catch { return { ok: false, reason: 'That URL cannot be read.' }; }
  const m = URL_PATH.exec(url.pathname);
  if (!m) return { ok: false, reason: 'That URL is not a Zoho job-details URL (…/crm/bulk/v8/write/<id> or …/read/<id>).' };
  return { ok: true, id: m[2], kind: m[1] as JobKind };
}

function fromJson(text: string): JobIdParse {
  let value: unknown;
  try {
    value = parseLosslessJson(text); // a bare 19-digit id keeps its exact digits
  } catch {
    return { ok: false, reason: 'That looks like JSON but cannot be parsed.' };
  }
  const found = findJobId(value);
  if (!found) return { ok: false, reason: 'That JSON holds no job "id".' };
  return ID.test(found.id) ? { ok: true, ...found } : { ok: false, reason: `The JSON's "id" (${found.id.slice(0, 40)}) is not a job ID.` };
}

function findJobId(value: unknown): { id: string; kind?: JobKind } | undefined {
  if (!isObject(value)) return undefined;
  const data = value.data;
  if (Array.isArray(data) && isObject(data[0])) {
    const inner = findJobId(data[0]);
    return inner && { ...inner, kind: inner.kind ?? 'read' };
  }
  if (isObject(value.details) && value.details.id !== undefined) return findJobId(value.details);
  if (value.id === undefined) return undefined;
  const id = String(value.id);
  const kind: JobKind | undefined = value.operation === 'read' || 'state' in value ? 'read' : 'resource' in value ? 'write' : undefined;
  return { id, kind };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
