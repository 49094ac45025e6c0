// The organisation (GET /crm/v8/org): its id and zgid (the upload's X-CRM-ORG header), name and
// edition. The caller keeps it per sign-in.
import { refineError } from './createErrors';
import { ZohoError } from './errors';
import type { ZohoHttp } from './http';

export interface CrmOrg {
  id: string;
  /** sent as X-CRM-ORG with uploads */
  zgid: string;
  companyName?: string;
  domainName?: string;
  /** license_details.paid_type, e.g. "enterprise" */
  edition?: string;
  /** Production, Sandbox, Developer, Bigin */
  type?: string;
  timeZone?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** `{"org":[{…}]}` → the first org, which must have an id and a zgid. */
export function parseOrg(body: unknown): CrmOrg {
  const bad = (what: string) => new ZohoError({ code: 'INVALID_RESPONSE', kind: 'write', httpStatus: 200, detail: `the organisation answer ${what}` });
  if (!isObj(body) || !Array.isArray(body.org) || !isObj(body.org[0])) throw bad('is not {"org":[…]}');
  const o = body.org[0];
  const id = text(o.id);
  const zgid = text(o.zgid);
  if (id === undefined) throw bad('has no id');
  if (zgid === undefined || !/^[0-9A-Za-z_-]{1,40}$/.test(zgid)) throw bad('has no zgid');
  const org: CrmOrg = { id, zgid };
  const companyName = text(o.company_name) ?? text(o.name);
  if (companyName) org.companyName = companyName;
  if (text(o.domain_name)) org.domainName = text(o.domain_name);
  const edition = isObj(o.license_details) ? text(o.license_details.paid_type) : undefined;
  if (edition) org.edition = edition;
  if (text(o.type)) org.type = text(o.type);
  if (text(o.time_zone)) org.timeZone = text(o.time_zone);
  return org;
}

export async function getOrg(http: ZohoHttp, signal?: AbortSignal): Promise<CrmOrg> {
  try {
    return parseOrg((await http.getJson('/crm/v8/org', { kind: 'write' }, signal)).body);
  } catch (e) {
    throw refineError(e, 'org');
  }
}
