// Binds the export port (jobs/export/exportPort.ts) to the Zoho client, built from the current
// settings and the connection's session for each call (as zohoFetcher.ts does for polls): metadata of the modules
// bulk read can export, a module's fields, and creating the bulk read job.
import type { ExportApi } from '../jobs/export/exportPort';
import type { ConnectionList } from '../jobs/connections/connectionList';
import type { Logger } from './log';
import { clientFor } from './zohoFetcher';

export function createExportApi(deps: { connections: ConnectionList; logger: Logger; version: string }): ExportApi {
  const client = (connection: string | undefined) => clientFor(deps.connections.session(connection ?? deps.connections.defaultId()), deps.logger, deps.version);
  return {
    modules: async (signal, connection) => (await client(connection).getModules(signal))
      .filter((m) => m.bulkRead)
      .map((m) => ({ apiName: m.apiName, label: m.pluralLabel ?? m.apiName })),
    fields: async (module, signal, connection) => (await client(connection).getFields(module, signal))
      .map((f) => ({ apiName: f.apiName, label: f.label, dataType: f.dataType })),
    createReadJob: async (query, signal, connection) => (await client(connection).createReadJob({ ...query, signal })).id,
  };
}
