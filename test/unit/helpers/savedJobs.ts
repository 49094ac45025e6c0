// Shared by the saved-jobs tests: a temporary folder and a bulk write job body.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const SEED = '4150868000005392002';

/** A bulk write job's body as Zoho sends it (file_id beyond 2^53: must survive exactly). */
export const writeBody = (id: string, status: string) =>
  `{"id":"${id}","status":"${status}","operation":"insert","created_time":"2021-05-13T11:00:58+05:30","resource":[{"status":"${status}","module":{"api_name":"Leads","id":"1"},"file_id":4150868000005396001,"field_mappings":[]}]}`;

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'zbj-jobs-'));
}
