// What an export needs from Zoho, as a narrow port: the org's modules and a module's fields
// (settings metadata), and creating a bulk read job. ui/exportClient.ts binds it to the Zoho client.
import type { ReadQuery } from './exportQuery';

export interface ModuleMeta {
  /** e.g. "Leads" */
  apiName: string;
  /** what users see, e.g. "Leads" or a renamed "Prospects" */
  label: string;
}

export interface FieldMeta {
  apiName: string;
  label: string;
  /** Zoho's data_type: text, email, picklist, integer, currency, date, datetime, boolean, lookup, … */
  dataType: string;
}

export interface ExportApi {
  /** the modules a bulk read can export */
  /** `connection` (here and below): whose org to ask (absent: the first connection) */
  modules(signal?: AbortSignal, connection?: string): Promise<ModuleMeta[]>;
  fields(module: string, signal?: AbortSignal, connection?: string): Promise<FieldMeta[]>;
  /** POST {api}/crm/bulk/v8/read; resolves to the new job's id. Never retried once it may have reached Zoho. */
  createReadJob(query: ReadQuery, signal?: AbortSignal, connection?: string): Promise<string>;
}
