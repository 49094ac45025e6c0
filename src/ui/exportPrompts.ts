// The Export Module… prompts, all native UI: module → fields (all picked by default) → criteria
// (none, a small builder, or Zoho's criteria JSON pasted) → this page or all pages. Undefined
// whenever the user backs out; nothing is sent before the last answer.
import * as vscode from 'vscode';
import { buildCriteria, checkCriteria, comparatorsFor, EMPTY_VALUE, type Comparator, type ConditionInput } from '../jobs/export/criteria';
import type { ExportApi, FieldMeta, ModuleMeta } from '../jobs/export/exportPort';
import type { ExportPlan } from '../jobs/export/exportOptions';
import type { Criteria, ReadQuery } from '../jobs/export/exportQuery';

const TITLE = 'Export Module';

/** Loads metadata with a progress note; cancelling aborts the request. */
function loading<T>(what: string, run: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: what, cancellable: true }, (_p, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    return run(abort.signal).finally(() => sub.dispose());
  });
}

export async function promptExport(api: ExportApi): Promise<ExportPlan | undefined> {
  const modules = await loading('Loading the modules of your Zoho CRM org…', (s) => api.modules(s));
  const module = await pickModule(modules);
  if (!module) return undefined;
  const fields = await loading(`Loading the fields of ${module.apiName}…`, (s) => api.fields(module.apiName, s));
  const picked = await pickFields(module, fields);
  if (!picked) return undefined;
  const criteria = await promptCriteria(module, fields);
  if (criteria === null) return undefined;
  const allPages = await pickPages();
  if (allPages === undefined) return undefined;
  const query: ReadQuery = { module: module.apiName };
  if (picked.length < fields.length) query.fields = picked;
  if (criteria) query.criteria = criteria;
  return { query, allPages };
}

async function pickModule(modules: readonly ModuleMeta[]): Promise<ModuleMeta | undefined> {
  if (modules.length === 0) {
    void vscode.window.showWarningMessage('Zoho reports no module that a bulk read can export in this org.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    modules.map((m) => ({ label: m.label, description: m.label === m.apiName ? undefined : m.apiName, module: m })),
    { title: `${TITLE} (1/4): module`, placeHolder: 'The module whose records to export', matchOnDescription: true, ignoreFocusOut: true },
  );
  return picked?.module;
}

async function pickFields(module: ModuleMeta, fields: readonly FieldMeta[]): Promise<string[] | undefined> {
  const items = fields.map((f) => ({ label: f.label || f.apiName, description: f.apiName, detail: f.dataType, picked: true, name: f.apiName }));
  for (;;) {
    const picked = await vscode.window.showQuickPick(items, {
      title: `${TITLE} (2/4): fields of ${module.apiName}`,
      placeHolder: 'Every field is picked; untick the ones you do not need (the id column is always included)',
      canPickMany: true, matchOnDescription: true, ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    if (picked.length > 0) return picked.map((p) => p.name);
    void vscode.window.showWarningMessage('Pick at least one field to export.');
  }
}

/** undefined = no criteria; null = the user backed out. */
async function promptCriteria(module: ModuleMeta, fields: readonly FieldMeta[]): Promise<Criteria | undefined | null> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Every record', description: 'no criteria', id: 'none' },
      { label: 'Build criteria…', description: 'field, comparator, value; several joined by and / or', id: 'build' },
      { label: 'Paste criteria JSON…', description: 'Zoho\'s {"field":{"api_name":…},"comparator":…,"value":…} or a group', id: 'json' },
    ],
    { title: `${TITLE} (3/4): which records`, ignoreFocusOut: true },
  );
  if (!choice) return null;
  if (choice.id === 'none') return undefined;
  if (choice.id === 'json') return (await pasteCriteria(module, fields)) ?? null;
  return (await buildInteractively(module, fields)) ?? null;
}

async function pasteCriteria(module: ModuleMeta, fields: readonly FieldMeta[]): Promise<Criteria | undefined> {
  const prompt = 'Zoho\'s bulk read criteria, checked against the module\'s fields';
  for (let again = false; ; again = true) {
    const text = await vscode.window.showInputBox({
      title: `${TITLE} (3/4): criteria JSON for ${module.apiName}`,
      // Enter on an empty box asks again (Escape backs out), rather than ending the export silently
      prompt: again ? `Paste the criteria first (Escape cancels the export). ${prompt}` : prompt,
      placeHolder: '{"group_operator":"and","group":[{"field":{"api_name":"Lead_Source"},"comparator":"equal","value":"Web Download"}, …]}',
      ignoreFocusOut: true,
      validateInput: (t) => {
        if (t.trim() === '') return undefined;
        const c = checkCriteria(t, fields, module.apiName);
        return c.ok ? undefined : { message: c.reason, severity: vscode.InputBoxValidationSeverity.Error };
      },
    });
    if (text === undefined) return undefined;
    if (text.trim() === '') continue;
    const c = checkCriteria(text, fields, module.apiName);
    return c.ok ? c.criteria : undefined;
  }
}

async function buildInteractively(module: ModuleMeta, fields: readonly FieldMeta[]): Promise<Criteria | undefined> {
  const conditions: ConditionInput[] = [];
  for (;;) {
    const condition = await promptCondition(module, fields, conditions.length + 1);
    if (!condition) return undefined;
    conditions.push(condition);
    const more = await vscode.window.showQuickPick(
      [
        { label: conditions.length > 1 ? 'Done' : 'Done: only this condition', id: 'done' },
        { label: 'Add a condition…', id: 'add' },
      ],
      { title: `${TITLE} (3/4): ${conditions.length} condition${conditions.length > 1 ? 's' : ''} so far`, ignoreFocusOut: true },
    );
    if (!more) return undefined;
    if (more.id === 'done') break;
  }
  let operator: 'and' | 'or' = 'and';
  if (conditions.length > 1) {
    const op = await vscode.window.showQuickPick(
      [{ label: 'and', description: 'records that match every condition' }, { label: 'or', description: 'records that match any condition' }],
      { title: `${TITLE} (3/4): join the conditions with`, ignoreFocusOut: true },
    );
    if (!op) return undefined;
    operator = op.label as 'and' | 'or';
  }
  const c = buildCriteria(conditions, operator, fields, module.apiName);
  if (!c.ok) {
    void vscode.window.showErrorMessage(c.reason);
    return undefined;
  }
  return c.criteria;
}

async function promptCondition(module: ModuleMeta, fields: readonly FieldMeta[], n: number): Promise<ConditionInput | undefined> {
  const f = await vscode.window.showQuickPick(
    fields.map((x) => ({ label: x.label || x.apiName, description: x.apiName, detail: x.dataType, field: x })),
    { title: `${TITLE} (3/4): condition ${n}, field`, placeHolder: 'The field this condition tests', matchOnDescription: true, ignoreFocusOut: true },
  );
  if (!f) return undefined;
  const cmp = await vscode.window.showQuickPick(comparatorsFor(f.field.dataType).map((c) => ({ label: c })), {
    title: `${TITLE} (3/4): condition ${n}, ${f.field.apiName} (${f.field.dataType}) is…`, placeHolder: 'The comparator', ignoreFocusOut: true,
  });
  if (!cmp) return undefined;
  const comparator = cmp.label as Comparator;
  const list = comparator === 'in' || comparator === 'not_in';
  const range = comparator === 'between' || comparator === 'not_between';
  const prompt = range ? 'Two values, from and to, separated by a comma' : list ? 'Values separated by commas' : `The value (${EMPTY_VALUE} matches an empty value)`;
  for (let again = false; ; again = true) {
    const text = await vscode.window.showInputBox({
      title: `${TITLE} (3/4): condition ${n}, ${f.field.apiName} ${comparator} …`,
      // Enter on an empty box asks again (Escape backs out), rather than ending the export silently
      prompt: again ? `A value is needed (Escape cancels the export). ${prompt}` : prompt,
      placeHolder: hint(f.field.dataType),
      ignoreFocusOut: true,
      validateInput: (t) => {
        if (t.trim() === '') return undefined;
        const c = buildCriteria([{ field: f.field, comparator, text: t }], 'and', fields, module.apiName);
        return c.ok ? undefined : { message: c.reason.replace(/^criteria(\.value)?:? ?/, ''), severity: vscode.InputBoxValidationSeverity.Error };
      },
    });
    if (text === undefined) return undefined;
    if (text.trim() !== '') return { field: f.field, comparator, text };
  }
}

function hint(dataType: string): string {
  switch (dataType.toLowerCase()) {
    case 'date': return '2024-12-31';
    case 'datetime': return '2024-12-31T17:00:00+05:30';
    case 'boolean': return 'true or false';
    case 'integer': case 'bigint': case 'double': case 'decimal': case 'currency': case 'percent': return '1000';
    default: return '';
  }
}

async function pickPages(): Promise<boolean | undefined> {
  const p = await vscode.window.showQuickPick(
    [
      { label: 'First page', description: 'up to 200,000 records; the next page can be exported later', all: false },
      { label: 'All pages', description: 'each next page\'s job is created when the previous one finishes', all: true },
    ],
    { title: `${TITLE} (4/4): how many records`, ignoreFocusOut: true },
  );
  return p?.all;
}
