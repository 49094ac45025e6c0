// What an import needs from Zoho, and nothing more: the narrow port the import run is written
// against. The binding to the real client lives in src/ui/importGateway.ts; the unit tests bind
// the same client to the simulator.
import type { FieldMapping, ImportField, ImportOperation } from './autoMap';

/** A module as the org's metadata describes it (GET /crm/v8/settings/modules), reduced to what the pickers show. */
export interface ImportModule {
  api_name: string;
  /** e.g. "Leads" (plural_label), for the picker */
  label: string;
}

/** The body of POST /crm/bulk/v8/write for one part (reference §1.3). */
export interface WriteJobBody {
  operation: ImportOperation;
  ignore_empty?: boolean;
  resource: {
    type: 'data';
    module: { api_name: string };
    file_id: string;
    find_by?: string;
    field_mappings: FieldMapping[];
  }[];
}

export interface ImportGateway {
  /** the org's zgid for X-CRM-ORG (cached per sign-in by the client) */
  org(signal?: AbortSignal): Promise<{ zgid: string }>;
  /** the modules a bulk write can import into */
  modules(signal?: AbortSignal): Promise<ImportModule[]>;
  fields(module: string, signal?: AbortSignal): Promise<ImportField[]>;
  /** streams the zip to the upload host; never retried once the request may have reached Zoho */
  upload(zipPath: string, zgid: string, signal?: AbortSignal): Promise<{ fileId: string }>;
  /** never retried once the request may have reached Zoho */
  createWriteJob(body: WriteJobBody, signal?: AbortSignal): Promise<{ id: string }>;
}
