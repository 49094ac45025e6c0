// Plain words for the codes Zoho answers when a file is uploaded or a bulk write / bulk read job is
// created (reference §1.2, §1.3, §2.4 and the OAS enums), and for our own checks before sending.
// Data only, merged into errorMessages.ts's table; `detail` carries what Zoho's `details` named
// (a field, a JSON path, a limit), `zohoMessage` Zoho's own sentence.
import type { MessageContext, PlainMessage } from './messageTypes';

type Entry = (c: MessageContext) => PlainMessage;

const named = (c: MessageContext): string => (c.detail ? ` (${c.detail})` : '');
const said = (c: MessageContext): string => {
  const m = c.zohoMessage?.trim().replace(/\.+$/, '');
  return m ? `: “${m}”` : '';
};

const CHECK_MAPPING = 'Check the column mapping against the module’s fields, then import again.';
const CHECK_CRITERIA = 'Check the export criteria: the field, the comparator and the value must suit each other.';
const SPLIT = 'The extension splits large CSV files by itself: import the CSV file, not a zip you made.';
const REPORT = 'This is likely a bug in the extension; please report it.';

const criteria = (what: string): Entry => (c) => ({ words: `Zoho did not accept the export criteria: ${what}${named(c)}${said(c)}`, hint: CHECK_CRITERIA });

export const CREATE_MESSAGES: Readonly<Record<string, Entry>> = Object.freeze({
  // ---- upload (POST {upload host}/crm/v8/upload) ----
  FILE_TOO_LARGE: () => ({ words: 'The zip file is larger than Zoho’s 25 MB limit for one bulk write', hint: SPLIT }),
  INVALID_FILE_FORMAT: () => ({ words: 'Zoho did not accept the file: only a zip archive holding the CSV can be uploaded', hint: SPLIT }),
  FILE_NOT_SUPPORTED: (c) => ({ words: `Zoho cannot use this file for a bulk write${said(c)}`, hint: 'The zip must hold exactly one CSV file for a single-module import.' }),
  NOT_SUPPORTED_FEATURE: () => ({ words: 'Zoho’s upload server did not accept the request’s “feature: bulk-write” header', hint: REPORT }),
  INVALID_UPLOAD_HEADERS: (c) => ({
    words: `Zoho’s upload server did not accept the feature and X-CRM-ORG headers${named(c)}: the organisation id sent may not be this sign-in’s`,
    hint: 'Sign in again (the organisation is read anew), then import again.',
  }),
  // ---- create a bulk write job (POST /crm/bulk/v8/write) ----
  MANDATORY_FIELDS_NOT_MAPPED: (c) => ({ words: `Not every mandatory field of the module (or its layout) is mapped to a CSV column${named(c)}${said(c)}`, hint: CHECK_MAPPING }),
  MANDATORY_NOT_FOUND: (c) => ({ words: `Zoho found a required key missing from the job request${named(c)}${said(c)}`, hint: 'For update and upsert, choose the field to match records on (find_by).' }),
  MISSING_REQUIRED_KEY: (c) => ({ words: `Zoho found a required key missing from the job request${named(c)}${said(c)}`, hint: REPORT }),
  INVALID_FIELD: (c) => ({ words: `The mapping names a field the module does not have${named(c)}${said(c)}`, hint: CHECK_MAPPING }),
  INVALID_FIELD_NAME: (c) => ({ words: `The mapping names a field the module does not have${named(c)}${said(c)}`, hint: CHECK_MAPPING }),
  INVALID_FORMAT: (c) => ({ words: `Zoho did not accept a date or number format in the mapping${named(c)}${said(c)}`, hint: 'Use Zoho’s formats, e.g. MM/dd/yyyy or yyyy-MM-dd for dates.' }),
  INVALID_FILE_ID: () => ({ words: 'Zoho does not know the uploaded file (it may have expired, or belong to another organisation)', hint: 'Import the CSV again: it is uploaded anew.' }),
  HEADER_LIMIT_EXCEEDED: () => ({ words: 'The import maps more than 200 fields, Zoho’s limit for one bulk write', hint: 'Map at most 200 columns.' }),
  COLUMN_INDEX_NOT_FOUND: (c) => ({ words: `A mapping points at a CSV column that does not exist${named(c)}${said(c)}`, hint: CHECK_MAPPING }),
  MODULE_NOT_AVAILABLE: (c) => ({ words: `Zoho has no such module, or it cannot be imported with bulk write${named(c)}${said(c)}`, hint: 'Choose a module from the list the extension offers.' }),
  COEXISTENCE_NOT_ALLOWED: (c) => ({ words: `Zoho does not allow these settings together in one job${named(c)}${said(c)}`, hint: CHECK_MAPPING }),
  INVALID_CALLBACK_METHOD: () => ({ words: 'Zoho did not accept the callback method (only “post” is allowed)', hint: REPORT }),
  INVALID_CALLBACK_URL: () => ({ words: 'Zoho did not accept the callback URL', hint: REPORT }),
  INVALID_DATA: (c) => ({ words: `Zoho did not accept a value in the request${named(c)}${said(c)}`, hint: CHECK_MAPPING }),
  DUPLICATE_DATA: (c) => ({ words: `Zoho found a duplicate value${named(c)}${said(c)}` }),
  LIMIT_EXCEEDED: (c) => ({ words: `A Zoho limit was exceeded${named(c)}${said(c)}`, hint: 'Wait for running bulk jobs to finish, or import fewer rows at once.' }),
  CANNOT_PROCESS: (c) => ({ words: `Zoho cannot process the request${said(c)}`, hint: 'Try again in a few minutes.' }),
  // ---- create a bulk read job (POST /crm/bulk/v8/read) ----
  PAGE_RANGE_EXCEEDED: (c) => ({ words: `The page asked for is beyond what one export can reach${c.detail ? ` (the last page is ${c.detail})` : ''}`, hint: 'Export the following records with the next-page token of the previous export.' }),
  PAGE_NOT_SUPPORTED: (c) => ({ words: `Zoho did not accept the page of the export${said(c)}` }),
  MODULE_NOT_SUPPORTED: (c) => ({ words: `This module cannot be exported with bulk read${named(c)}${said(c)}`, hint: 'Notes, attachments, e-mails and related lists cannot be exported in bulk.' }),
  CVID_NOT_SUPPORTED: (c) => ({ words: `Zoho did not accept the custom view${said(c)}`, hint: 'Export without a custom view, or choose one of this module’s views.' }),
  INVALID_CRITERIA: criteria('they are not well formed'),
  FIELD_IN_CRITERIA_NOT_SUPPORTED: criteria('a field cannot be used in criteria'),
  FIELD_COMPARATOR_IN_CRITERIA_NOT_SUPPORTED: criteria('a comparator does not suit its field'),
  FIELD_IN_CRITERIA_NOT_AVAILABLE: criteria('a field does not exist in this module'),
  FIELD_AND_COMPARATOR_IN_CRITERIA_NOT_COMPATIBLE: criteria('a comparator does not suit its field'),
  COMPARATOR_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE: criteria('a value does not suit its comparator'),
  FIELD_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE: criteria('a value does not suit its field'),
  COMPARATOR_AND_ENCRYPTED_VALUE_IN_CRITERIA_NOT_COMPATIBLE: criteria('an encrypted field only allows “equal” and “not_equal”'),
  VALUE_IN_CRITERIA_NOT_SUPPORTED: criteria('a value is not supported'),
  VALUE_TYPE_NOT_SUPPORTED: criteria('a value has the wrong type'),
  AMBIGUOUS_CRITERIA: criteria('a condition mixes a single comparison and a group'),
  AMBIGUOUS_GROUP_IN_CRITERIA: criteria('a group is ambiguous'),
  GROUP_OPERATOR_NOT_SUPPORTED: criteria('groups are joined with “and” or “or” only'),
  CRITERIA_NOT_SUPPORTED: criteria('this module cannot be filtered that way'),
  CRITERIA_LIMIT_EXCEEDED: criteria('there are too many conditions (Zoho allows 25)'),
  VALUE_LIMIT_EXCEEDED_IN_CRITERIA: criteria('a condition lists too many values'),
  JOIN_LIMIT_EXCEEDED: criteria('they reach into too many lookup modules'),
  FIELD_NOT_AVAILABLE: (c) => ({ words: `A field asked for does not exist in this module${named(c)}${said(c)}`, hint: 'Choose fields from the list the extension offers.' }),
  FIELD_NOT_SUPPORTED: (c) => ({ words: `A field asked for cannot be exported${named(c)}${said(c)}`, hint: 'Leave that field out of the export.' }),
  QUERY_NOT_SUPPORTED: (c) => ({ words: `Zoho did not accept the export query${said(c)}` }),
  REQUEST_BODY_NOT_SUPPORTED: (c) => ({ words: `Zoho did not accept the job request${named(c)}${said(c)}`, hint: REPORT }),
  REQUEST_BODY_IS_EMPTY: () => ({ words: 'Zoho received an empty job request', hint: REPORT }),
  REQUEST_BODY_NOT_READABLE: () => ({ words: 'Zoho could not read the job request', hint: REPORT }),
  MEDIA_TYPE_NOT_SUPPORTED: () => ({ words: 'Zoho did not accept the request’s content type', hint: REPORT }),
  INVALID_BULK_OPERATION: (c) => ({ words: `Zoho did not accept the bulk operation${said(c)}`, hint: REPORT }),
  INVALID_REQUEST: (c) => ({ words: `Zoho did not accept the request${said(c)}`, hint: REPORT }),
  // ---- our own checks, before anything is sent ----
  INVALID_JOB_REQUEST: (c) => ({ words: `The job request is not valid, so nothing was sent${c.detail ? `: ${c.detail.replace(/\.$/, '')}` : ''}` }),
  NOT_SENT_AGAIN: (c) => ({
    words: `The connection failed after the request may have reached Zoho${c.detail ? ` (${c.detail})` : ''}, so it was not sent again`,
    hint: 'Check in Zoho CRM (Data Administration → Import / Export history) whether the job exists before trying again.',
  }),
});
