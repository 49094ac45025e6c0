// The interactive steps of Import CSV, all native QuickPicks: the file, the module, the
// operation, find_by, and the mapping review (Column → Field, one Enter to accept).
// Each returns undefined when the user backs out.
import * as vscode from 'vscode';
import type { ImportField, ImportOperation } from '../jobs/import/autoMap';
import type { ImportModule } from '../jobs/import/importGateway';
import { checkMapping } from '../jobs/import/mappingCheck';
import { findByChoices } from '../jobs/import/importPlan';

const TITLE = 'Import CSV into Zoho CRM';
type Item<T> = vscode.QuickPickItem & { value: T };

/** One QuickPick, the item `preferred` (if any) active so Enter takes it. */
async function pick<T>(items: Item<T>[], placeHolder: string, step: string, preferred?: T): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<Item<T>>();
  qp.title = `${TITLE} (${step})`;
  qp.placeholder = placeHolder;
  qp.items = items;
  qp.matchOnDescription = true;
  qp.ignoreFocusOut = true;
  const active = items.find((i) => i.value === preferred);
  if (active) qp.activeItems = [active];
  return new Promise<T | undefined>((resolve) => {
    qp.onDidAccept(() => { resolve(qp.selectedItems[0]?.value); qp.hide(); });
    qp.onDidHide(() => { resolve(undefined); qp.dispose(); });
    qp.show();
  });
}

export async function pickCsv(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles('**/*.csv', '**/{node_modules,.git}/**', 500);
  if (files.length === 0) {
    const chosen = await vscode.window.showOpenDialog({ title: TITLE, canSelectMany: false, filters: { 'CSV files': ['csv'] } });
    return chosen?.[0];
  }
  files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  return pick(files.map((u) => ({ label: `$(file) ${vscode.workspace.asRelativePath(u)}`, value: u })), 'The CSV file to import', '1/5');
}

export function pickModule(modules: readonly ImportModule[], preferred?: string): Promise<string | undefined> {
  return pick(modules.map((m) => ({ label: m.label || m.api_name, description: m.label && m.label !== m.api_name ? m.api_name : undefined, value: m.api_name })),
    'The module to import into', '2/5', preferred);
}

export function pickOperation(preferred?: ImportOperation): Promise<ImportOperation | undefined> {
  return pick<ImportOperation>([
    { label: 'Insert', description: 'insert', detail: 'Create a record for each row.', value: 'insert' },
    { label: 'Update', description: 'update', detail: 'Update existing records, matched by id or a unique field; never creates records.', value: 'update' },
    { label: 'Upsert', description: 'upsert', detail: 'Update the records that match, create the rest.', value: 'upsert' },
  ], 'What to do with the rows', '3/5', preferred);
}

export function pickFindBy(fields: readonly ImportField[], preferred?: string): Promise<string | undefined> {
  const label = new Map(fields.map((f) => [f.api_name, f.field_label]));
  return pick(findByChoices(fields).map((f) => ({ label: f, description: f === 'id' ? 'Record Id' : label.get(f), value: f })),
    'The field that identifies existing records (find_by)', '4/5', preferred);
}

const ACCEPT = Symbol('accept');
type Entry = typeof ACCEPT | number; // a column index

/**
 * Shows the mapping as Column → Field, the accept item first (one Enter accepts). Picking a column
 * lets the user choose its field (or leave it out). Unmapped columns and unmapped mandatory fields
 * are named; a mapping checkMapping refuses cannot be accepted.
 */
export async function reviewMapping(
  header: readonly string[], fields: readonly ImportField[], start: Record<string, string>,
  opts: { operation: ImportOperation; findBy?: string; module: string },
): Promise<Record<string, string> | undefined> {
  const mapping: Record<string, string> = { ...start };
  const writable = fields.filter((f) => !f.read_only);
  for (;;) {
    const check = checkMapping(header, fields, mapping, { operation: opts.operation, findBy: opts.findBy });
    const mapped = new Set(Object.values(mapping).map((v) => v.split('.')[0]));
    const missing = fields.filter((f) => f.system_mandatory && !f.read_only && !mapped.has(f.api_name));
    const items: Item<Entry>[] = [
      check.ok
        ? { label: '$(check) Import with this mapping', description: `${Object.keys(mapping).length} of ${header.length} columns`, value: ACCEPT }
        : { label: '$(error) The mapping cannot be used yet', detail: check.errors.map((e) => e.message).join(' '), value: ACCEPT },
      ...(missing.length ? [{ label: 'Mandatory fields not mapped', kind: vscode.QuickPickItemKind.Separator, value: ACCEPT } as Item<Entry>] : []),
      ...missing.map((f) => ({ label: `$(warning) ${f.field_label}`, description: `${f.api_name}: mandatory, no column maps to it — pick a column below`, value: ACCEPT as Entry })),
      { label: 'Columns', kind: vscode.QuickPickItemKind.Separator, value: ACCEPT },
      ...header.map((col, i) => {
        const target = mapping[col.trim()];
        return target
          ? { label: `${col.trim()} → ${target}`, description: `column ${i + 1}`, value: i }
          : { label: `$(circle-slash) ${col.trim()} → (not imported)`, description: `column ${i + 1}`, value: i };
      }),
    ];
    const chosen = await pick(items, `Review the mapping onto ${opts.module}: Enter accepts, or pick a column to change its field`, '5/5', ACCEPT);
    if (chosen === undefined) return undefined;
    if (chosen === ACCEPT) {
      if (check.ok) return mapping;
      continue; // the errors are shown on the first item; pick a column to fix them
    }
    const col = header[chosen].trim();
    const field = await pick<string | null>([
      { label: '$(circle-slash) Do not import this column', value: null },
      ...(opts.operation !== 'insert' ? [{ label: 'id', description: 'Record Id', value: 'id' }] : []),
      ...writable.map((f) => ({ label: f.api_name, description: `${f.field_label}${f.system_mandatory ? ' · mandatory' : ''}${f.unique ? ' · unique' : ''}`, detail: f.data_type, value: f.api_name })),
    ], `The field column "${col}" goes to`, '5/5', mapping[col]?.split('.')[0] ?? null);
    if (field === undefined) continue;
    if (field === null) delete mapping[col];
    else mapping[col] = field;
  }
}
