// Understands what a user pastes into "Add Job ID": a bare id, a job-details URL, or a JSON
// body holding the job's "id" (job details, a bulk read {data:[…]}, or a create-job response).
// A URL is taken only from a Zoho CRM API host of the data-centre table (exact host, https, no
// user name, no port), or from the loopback simulator the apiDomainOverride setting points to.
import { apiHostOwner, isLoopback, loopbackOrigin, type DataCenter, type Environment } from '../zoho/dataCenters';
import { parseLosslessJson } from '../zoho/json';
import type { JobKind } from '../zoho/types';

export type JobIdParse =
  | { ok: true; id: string; kind?: JobKind; dataCenter?: DataCenter; environment?: Environment }
  | { ok: false; reason: string };

export interface JobIdOptions {
  /** the zohoBulkJobs.apiDomainOverride setting: links to this loopback origin are accepted too */
  apiDomainOverride?: string;
}

const ID = /^\d{1,25}$/;
const URL_PATH = /\/crm\/bulk\/v[\d.]+\/(write|read)\/(\d{1,25})(?:\/result)?\/?$/;
const API_HOSTS = 'www., sandbox. or developer.zohoapis. followed by com, eu, in, com.au, jp, ca, sa or com.cn';

export function parseJobIdInput(input: unknown, opts: JobIdOptions = {}): JobIdParse {
  if (typeof input !== 'string') {
    if (typeof input === 'number' || typeof input === 'bigint') {
      return { ok: false, reason: 'Pass the job ID as a string: Zoho job IDs have 18–19 digits, more than a JavaScript number holds exactly.' };
    }
    return { ok: false, reason: 'A job ID must be text made of digits, e.g. "4150868000005392002".' };
  }
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'Enter a job ID: 1–25 digits, e.g. 4150868000005392002.' };
  if (ID.test(text)) return { ok: true, id: text };
  if (/^https?:\/\//i.test(text)) return fromUrl(text, opts);
  if (text.startsWith('{')) return fromJson(text);
  if (/^\d+$/.test(text)) return { ok: false, reason: `That is ${text.length} digits; a Zoho job ID has at most 25.` };
  return { ok: false, reason: 'A job ID is 1–25 digits (e.g. 4150868000005392002), a job-details URL, or the job\'s JSON.' };
}

/**
 * A message when a parsed link belongs to another data centre or environment than the stored
 * sign-in's (also while that sign-in has a problem and is not usable: signedIn false, dataCenter set).
 */
export function otherDataCenter(
  p: JobIdParse,
  signedIn: { signedIn: boolean; dataCenter?: DataCenter; environment?: Environment },
): { dataCenter: DataCenter; environment: Environment; message: string } | undefined {
  if (!p.ok || !p.dataCenter || !p.environment || !signedIn.dataCenter) return undefined;
  if (p.dataCenter === signedIn.dataCenter && p.environment === signedIn.environment) return undefined;
  return {
    dataCenter: p.dataCenter,
    environment: p.environment,
    message: `Job ${p.id}'s link is from Zoho's ${p.dataCenter} data centre (${p.environment}), but ${signedIn.signedIn ? 'you are signed in to' : 'your saved sign-in is for'} ${signedIn.dataCenter} (${signedIn.environment ?? 'production'}). `
      + `Sign in to ${p.dataCenter} (${p.environment}) to track it: a job ID is only known in its own data centre.`,
  };
}

function fromUrl(text: string, opts: JobIdOptions): JobIdParse {
  let url: URL;
  try { url = new URL(text); } catch { return { ok: false, reason: 'That URL cannot be read.' }; }
  // the host exactly as written: IDN, full-width dots, escapes, ports and "\" tricks all differ from url.host
  const authority = /^[a-z]+:\/\/([^/?#]*)/i.exec(text)?.[1] ?? '';
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: `That link's host is "${url.host}": the part before "@" is a user name, not the host. Paste the job-details link as Zoho gives it, or just the job ID.` };
  }
  const written = authority.toLowerCase() === url.host ? `"${url.host}"` : `"${authority}" (read as "${url.host}")`;
  let place: { dataCenter?: DataCenter; environment?: Environment } = {};
  if (isLoopback(url)) {
    if (authority.toLowerCase() !== url.host || url.origin !== loopbackOrigin(opts.apiDomainOverride)) {
      return { ok: false, reason: `The host ${written} is a local address; a job link from it is accepted only while the zohoBulkJobs.apiDomainOverride setting points to that same address.` };
    }
  } else {
    const owner = apiHostOwner(url.hostname);
    const plain = authority.toLowerCase() === url.hostname;
    if (!owner || !plain || url.protocol !== 'https:') {
      const why = !owner ? `it is not one of Zoho's CRM API hosts (${API_HOSTS})`
        : !plain ? `write it exactly as "${url.hostname}", with no port or look-alike characters`
          : 'Zoho links use https://';
      return { ok: false, reason: `The link's host ${written} is not accepted: ${why}. Paste the job-details link as Zoho gives it, or just the job ID.` };
    }
    place = { dataCenter: owner.dc, environment: owner.env };
  }
  const m = URL_PATH.exec(url.pathname);
  if (!m) return { ok: false, reason: 'That URL is not a Zoho job-details URL (…/crm/bulk/v8/write/<id> or …/read/<id>).' };
  return { ok: true, id: m[2], kind: m[1] as JobKind, ...place };
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
