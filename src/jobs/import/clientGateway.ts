// The import port bound to the Zoho client: metadata reduced to the modules bulk write takes and
// to autoMap's field shape, the zip streamed from disk, the create body handed over as is. The
// org's zgid is asked once per gateway (the UI makes a gateway per sign-in).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ZohoClient } from '../../zoho/client';
import type { ImportField } from './autoMap';
import type { ImportGateway } from './importGateway';

export function clientGateway(client: () => ZohoClient): ImportGateway {
  let org: Promise<{ zgid: string }> | undefined;
  return {
    org: (signal) => {
      const p = org ?? client().getOrg(signal).then((o) => ({ zgid: o.zgid }));
      org = p;
      p.catch(() => { if (org === p) org = undefined; }); // a failure is asked again next time
      return p;
    },
    modules: async (signal) => (await client().getModules(signal))
      .filter((m) => m.bulkWrite)
      .map((m) => ({ api_name: m.apiName, label: m.pluralLabel ?? m.apiName })),
    fields: async (module, signal) => (await client().getFields(module, signal)).map((f): ImportField => ({
      api_name: f.apiName, field_label: f.label, data_type: f.dataType, system_mandatory: f.mandatory, unique: f.unique, read_only: f.readOnly,
    })),
    upload: async (zipPath, zgid, signal) => {
      const { size } = await fs.promises.stat(zipPath);
      const r = await client().uploadFile({ zgid, fileName: path.basename(zipPath), size, open: () => fs.createReadStream(zipPath), signal });
      return { fileId: r.fileId };
    },
    createWriteJob: async (body, signal) => {
      const res = body.resource[0];
      const created = await client().createWriteJob({
        operation: body.operation,
        module: res.module.api_name,
        fileId: res.file_id,
        ...(res.find_by ? { findBy: res.find_by } : {}),
        fieldMappings: res.field_mappings.map((m) => ({ apiName: m.api_name, index: m.index, ...(m.find_by ? { findBy: m.find_by } : {}) })),
        ...(body.ignore_empty ? { ignoreEmpty: true } : {}),
        signal,
      });
      return { id: created.id };
    },
  };
}
