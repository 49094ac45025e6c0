// Binds the export port (jobs/export/exportPort.ts) to the Zoho client, built from the current
// settings and session for each call (as zohoFetcher.ts does for polls): metadata of the modules
// bulk read can export, a module's fields, and creating the bulk read job.
import type { ExportApi } from '../jobs/export/exportPort';
import type { Session } from '../jobs/session';
import { ZohoClient } from '../zoho/client';
import type { Logger } from './log';
import { readSettings } from './settings';
import { apiBaseFor } from './zohoFetcher';

export function createExportApi(deps: { session: Session; logger: Logger; version: string }): ExportApi {
  const { session, logger } = deps;
  const client = () => {
    const settings = readSettings((m) => logger.log('warn', m));
    return new ZohoClient({
      apiBase: () => apiBaseFor(settings, session),
      version: settings.apiVersion,
      tokens: session,
      userAgent: `zoho-bulk-jobs-vscode/${deps.version}`,
      log: logger.log,
    });
  };
  return {
    modules: async (signal) => (await client().getModules(signal))
      .filter((m) => m.bulkRead)
      .map((m) => ({ apiName: m.apiName, label: m.pluralLabel ?? m.apiName })),
    fields: async (module, signal) => (await client().getFields(module, signal))
      .map((f) => ({ apiName: f.apiName, label: f.label, dataType: f.dataType })),
    createReadJob: async (query, signal) => (await client().createReadJob({ ...query, signal })).id,
  };
}
