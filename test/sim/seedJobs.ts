// The simulator's seeded jobs, with fixed ids so docs and tests can name them. Times are
// relative to the simulator's start (or its last reset()).
//
//   id                    kind   module    op      what it does
//   4150868000005392002   write  Leads     insert  the captured seed job: INPROGRESS forever (v2 = the capture's bytes)
//   4150868000005392101   write  Contacts  upsert  COMPLETED 2 h ago, result.download_url; resource[].file_id is a bare int64
//   4150868000005392202   write  Accounts  update  FAILED 40 min ago, partial counts, no result
//   4150868000005392303   write  Deals     insert  ADDED → IN PROGRESS at 5 s → COMPLETED at 45 s (counts grow)
//   4150868000005392404   write  Products  upsert  INPROGRESS (old spelling) → COMPLETED at 20 s
//   4150868000005392505   write  Leads     update  IN PROGRESS, slowly, until ~8 min after start
//   4150868000005392606   write  Contacts  insert  ADDED, never scheduled (stays ADDED)
//   4150868000005392707   read   Contacts  -       ADDED → QUEUED at 4 s → IN PROGRESS at 8 s → COMPLETED at 30 s
import { SEED_CREATED_BY, SEED_CREATED_TIME, SEED_JOB_ID, SEED_LEADS_MODULE_ID } from './capture';
import type { JobStore } from './jobStore';
import type { FieldMappingSpec, ReadJobSpec, WriteJobSpec } from './types';

export { SEED_JOB_ID };
export const CONTACTS_UPSERT_COMPLETED_ID = '4150868000005392101';
export const ACCOUNTS_UPDATE_FAILED_ID = '4150868000005392202';
export const DEALS_INSERT_LIVE_ID = '4150868000005392303';
export const PRODUCTS_UPSERT_LIVE_ID = '4150868000005392404';
export const LEADS_UPDATE_SLOW_ID = '4150868000005392505';
export const CONTACTS_INSERT_ADDED_ID = '4150868000005392606';
export const CONTACTS_READ_ID = '4150868000005392707';

/** The job whose resource[].file_id is written as a bare JSON number above 2^53 … */
export const BIG_FILE_ID_JOB_ID = CONTACTS_UPSERT_COMPLETED_ID;
/** … and that number's exact digits (as a JS number it would round to 4150868000005396000). */
export const BIG_FILE_ID = '4150868000005396001';

/** Every seeded id (the captured job first), for docs, the CLI banner and tests. */
export const SEEDED_WRITE_JOB_IDS = [
  SEED_JOB_ID,
  CONTACTS_UPSERT_COMPLETED_ID,
  ACCOUNTS_UPDATE_FAILED_ID,
  DEALS_INSERT_LIVE_ID,
  PRODUCTS_UPSERT_LIVE_ID,
  LEADS_UPDATE_SLOW_ID,
  CONTACTS_INSERT_ADDED_ID,
] as const;
export const SEEDED_READ_JOB_IDS = [CONTACTS_READ_ID] as const;

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The capture's five field mappings, in the capture's order (every other key null). */
export const SEED_FIELD_MAPPINGS: FieldMappingSpec[] = [
  { api_name: 'Owner', index: 1 },
  { api_name: 'Date_3', index: 2, format: 'yyyy/MM/dd' },
  { api_name: 'Last_Name', index: 0 },
  { api_name: 'Layout', index: 4 },
  { api_name: 'Mobile', index: 3 },
];

const AMELIA = { id: '4150868000000225021', name: 'Amelia Burrows' };

export const SEED_JOB_SPEC: WriteJobSpec = {
  id: SEED_JOB_ID,
  module: 'Leads',
  moduleId: SEED_LEADS_MODULE_ID,
  operation: 'insert',
  total: 2500,
  skipped: 37,
  fieldMappings: SEED_FIELD_MAPPINGS,
  createdBy: SEED_CREATED_BY,
  inProgressSpelling: 'INPROGRESS',
  callback: { url: 'https://www.zoho.com/in/crm/', method: 'post' },
  ignoreEmpty: true,
};

export const MIX_WRITE_JOBS: WriteJobSpec[] = [
  {
    id: CONTACTS_UPSERT_COMPLETED_ID,
    module: 'Contacts',
    operation: 'upsert',
    total: 18450,
    added: 6120,
    updated: 12037,
    skipped: 293,
    fileId: BIG_FILE_ID,
    fileIdAsNumber: true,
    fileName: 'contacts_q2_merge.csv',
    createdAgoMs: 2 * HOUR,
    schedule: { inProgressAfterMs: 40_000, doneAfterMs: 14 * MIN, outcome: 'COMPLETED' },
  },
  {
    id: ACCOUNTS_UPDATE_FAILED_ID,
    module: 'Accounts',
    operation: 'update',
    total: 4800,
    updated: 1874,
    skipped: 611,
    createdBy: AMELIA,
    createdAgoMs: 40 * MIN,
    schedule: { inProgressAfterMs: 20_000, doneAfterMs: 6 * MIN, outcome: 'FAILED' },
  },
  {
    id: DEALS_INSERT_LIVE_ID,
    module: 'Deals',
    operation: 'insert',
    total: 25000,
    skipped: 588,
    fileName: 'deals_import_2024.csv',
    schedule: { inProgressAfterMs: 5_000, doneAfterMs: 45_000 },
  },
  {
    id: PRODUCTS_UPSERT_LIVE_ID,
    module: 'Products',
    operation: 'upsert',
    total: 1250,
    added: 212,
    updated: 1019,
    skipped: 19,
    inProgressSpelling: 'INPROGRESS',
    createdAgoMs: 15_000,
    schedule: { inProgressAfterMs: 3_000, doneAfterMs: 35_000 },
  },
  {
    id: LEADS_UPDATE_SLOW_ID,
    module: 'Leads',
    operation: 'update',
    total: 22000,
    skipped: 140,
    createdBy: AMELIA,
    createdAgoMs: 2 * MIN,
    schedule: { inProgressAfterMs: 30_000, doneAfterMs: 10 * MIN },
  },
  { id: CONTACTS_INSERT_ADDED_ID, module: 'Contacts', operation: 'insert', total: 940, createdAgoMs: 10_000 },
];

export const MIX_READ_JOBS: ReadJobSpec[] = [
  {
    id: CONTACTS_READ_ID,
    module: 'Contacts',
    fields: ['Last_Name', 'First_Name', 'Email', 'Account_Name.Account_Name', 'Owner', 'Created_Time'],
    count: 8764,
    schedule: { inProgressAfterMs: 8_000, doneAfterMs: 30_000, outcome: 'COMPLETED', queuedFirst: true },
  },
];

/** Puts the captured seed job (always) and, with `mix`, the realistic job mix into the store. */
export function addSeedJobs(store: JobStore, mix: boolean): void {
  store.addWrite(SEED_JOB_SPEC, { forced: 'INPROGRESS', captured: true, exactCapture: true, createdTime: SEED_CREATED_TIME });
  if (!mix) return;
  for (const spec of MIX_WRITE_JOBS) store.addWrite(spec);
  for (const spec of MIX_READ_JOBS) store.addRead(spec);
}
