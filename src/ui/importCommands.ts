// Import CSV into Zoho CRM…: `zohoBulkJobs.importCsv(uri?, options?)`. With a file and options it
// asks nothing and resolves to the created job ids (one per part); bad options reject with an
// Error that says what is wrong. Without options it walks the user through module → operation →
// find_by → mapping review (jobs/import does the checking, splitting and sending). The CSV's
// problems go to the Problems panel; the choices are remembered per file and module.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { autoMap } from '../jobs/import/autoMap';
import { checkCsv, type CsvCheck } from '../jobs/import/csvCheck';
import type { ImportGateway } from '../jobs/import/importGateway';
import { ImportInputError, mappingRecord, planImport, readImportOptions, type ImportOptions, type ImportPlan } from '../jobs/import/importPlan';
import { runImport } from '../jobs/import/importRun';
import type { JobService } from '../jobs/jobService';
import type { ConnectionList } from '../jobs/connections/connectionList';
import { jobKey } from '../jobs/connections/jobKey';
import { describeError } from '../zoho/errors';
import { checkMapping } from '../jobs/import/mappingCheck';
import { CsvDiagnostics, csvName } from './importDiagnostics';
import { importGatewayFactory } from './importGateway';
import { ImportMemory } from './importMemory';
import { pickConnection } from './prompts';
import { pickCsv, pickFindBy, pickModule, pickOperation, reviewMapping } from './importPrompts';
import { isTreeNode, type JobsTreeProvider, type Node } from './jobsTree';
import type { Logger } from './log';

export const IMPORT_COMMAND = 'zohoBulkJobs.importCsv';

export interface ImportDeps {
  service: JobService;
  tree: JobsTreeProvider;
  view: vscode.TreeView<Node>;
  logger: Logger;
  connections: ConnectionList;
  version: string;
  workspaceState: vscode.Memento;
  /** tests: another gateway (default: the Zoho client bound to the settings and sign-in) */
  gateway?: (connection?: string) => ImportGateway;
}

/** Explorer menus pass (uri, selectedUris[]) and editor titles (uri, {groupId}): those are not options. */
function optionsGiven(v: unknown): boolean {
  if (v === undefined || v === null || Array.isArray(v)) return false;
  if (typeof v === 'object' && !('module' in v) && !('operation' in v) && ('groupId' in v || 'editorIndex' in v)) return false;
  return true;
}

async function fileArg(v: unknown): Promise<vscode.Uri> {
  if (!(v instanceof vscode.Uri)) throw new ImportInputError('BAD_OPTIONS', 'The first argument must be the CSV file\'s Uri (vscode.Uri.file(path)).');
  if (v.scheme !== 'file') throw new ImportInputError('BAD_OPTIONS', `Only files on disk can be imported, not ${v.scheme}: URIs.`);
  const stat = await fs.promises.stat(v.fsPath).catch(() => undefined);
  if (!stat?.isFile()) throw new ImportInputError('CSV_PROBLEMS', `${v.fsPath} is not a readable file.`);
  await fs.promises.access(v.fsPath, fs.constants.R_OK).catch(() => { throw new ImportInputError('CSV_PROBLEMS', `${v.fsPath} cannot be read (permission denied).`); });
  return v;
}

const scopesOf = (e: unknown): readonly string[] | undefined => {
  const o = e as { scopes?: readonly string[]; cause?: { scopes?: readonly string[] } } | undefined;
  return o?.scopes ?? o?.cause?.scopes;
};
const codeOf = (e: unknown): string | undefined => (e as { code?: unknown })?.code as string | undefined;

export function registerImportCommands(deps: ImportDeps): vscode.Disposable[] {
  const bound = importGatewayFactory(deps);
  const d = { ...deps, gateway: deps.gateway ?? bound.gateway };
  const diagnostics = new CsvDiagnostics();
  const memory = new ImportMemory(d.workspaceState);

  const checkFile = async (uri: vscode.Uri, interactive: boolean): Promise<CsvCheck> => {
    const run = () => checkCsv(uri.fsPath);
    const check = interactive
      ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Checking ${csvName(uri)}` }, run)
      : await run();
    diagnostics.show(uri, check);
    return check;
  };

  async function send(plan: ImportPlan, uri: vscode.Uri, interactive: boolean, connection: string): Promise<string[]> {
    const gateway = d.gateway(connection);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Importing ${csvName(uri)} into ${plan.module}`, cancellable: true },
      (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        let shown = 0;
        return runImport(plan, {
          gateway,
          signal: ac.signal,
          track: async (id, group) => { await d.service.add(id, 'write', group, connection); },
          onProgress: (p) => {
            const pct = p.bytesTotal > 0 ? (100 * p.bytesDone) / p.bytesTotal : 0;
            const mb = (n: number) => (n / 1e6).toFixed(1);
            progress.report({ message: `part ${p.part} of ${p.parts}: ${p.phase} (${mb(p.bytesDone)} of ${mb(p.bytesTotal)} MB)`, increment: Math.max(0, pct - shown) });
            shown = Math.max(shown, pct);
          },
        });
      },
    );
    const what = `${csvName(uri)} → ${plan.module} · ${plan.operation}`;
    if (outcome.cancelled) {
      d.logger.log('info', `Import ${what} cancelled after ${outcome.jobIds.length} job(s): ${outcome.jobIds.join(', ') || 'none'}.`);
      if (interactive) {
        void vscode.window.showInformationMessage(outcome.jobIds.length === 0
          ? `Import of ${csvName(uri)} cancelled: no job was created in Zoho.`
          : `Import of ${csvName(uri)} cancelled: ${outcome.jobIds.length} part(s) were already created and stay tracked; the rest of the file was not sent.`);
      }
    } else {
      d.logger.log('info', `Import ${what}: created ${outcome.jobIds.length} job(s): ${outcome.jobIds.join(', ')}.`);
    }
    if (interactive && outcome.jobIds.length > 0) {
      const first = d.tree.nodeFor(jobKey(connection, outcome.jobIds[0]));
      const node = d.tree.getParent(first) ?? first;
      await d.view.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
    }
    return outcome.jobIds;
  }

  async function interactiveImport(uri: vscode.Uri, check: CsvCheck, preset: ImportOptions | undefined): Promise<string[] | undefined> {
    const connection = await pickConnection(d.connections, 'Import into which Zoho connection?', d.tree.connectionOfNode(d.view.selection[0]));
    if (connection === undefined) return undefined;
    const gateway = d.gateway(connection);
    const rel = vscode.workspace.asRelativePath(uri);
    const modules = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading the modules of your Zoho CRM' }, () => gateway.modules());
    const module = await pickModule(modules, preset?.module ?? memory.lastModule(rel));
    if (!module) return undefined;
    const fields = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading the fields of ${module}` }, () => gateway.fields(module));
    const before = memory.get(rel, module);
    const operation = await pickOperation(preset?.operation ?? before?.operation);
    if (!operation) return undefined;
    let findBy: string | undefined;
    if (operation !== 'insert') {
      findBy = await pickFindBy(fields, preset?.findBy ?? before?.findBy);
      if (!findBy) return undefined;
    }
    // the remembered mapping, less what no longer fits the file or the module; else the automatic one
    const kept = Object.fromEntries(Object.entries(preset?.mapping ?? before?.mapping ?? {})
      .filter(([col, field]) => checkMapping(check.header, fields, { [col]: field }, { operation: 'update' }).errors.length === 0));
    const start = Object.keys(kept).length > 0 ? kept : mappingRecord(check.header, autoMap(check.header, fields, operation).mappings);
    const mapping = await reviewMapping(check.header, fields, start, { operation, findBy, module });
    if (!mapping) return undefined;
    await memory.remember(rel, module, { operation, ...(findBy ? { findBy } : {}), mapping });
    const plan = await planImport(gateway, uri.fsPath, { module, operation, findBy, mapping, ignoreEmpty: preset?.ignoreEmpty }, undefined, { check, fields });
    return send(plan, uri, true, connection);
  }

  async function importCsv(arg?: unknown, optionsArg?: unknown): Promise<string[] | undefined> {
    const uriArg = isTreeNode(arg) ? undefined : arg; // run from the view's menu with a row selected: no file given
    const given = optionsGiven(optionsArg);
    const options = given ? readImportOptions(optionsArg) : undefined;
    const uri = uriArg === undefined || uriArg === null ? await pickCsv() : await fileArg(uriArg);
    if (!uri) return undefined;
    const scripted = given && uriArg !== undefined && uriArg !== null;
    const check = await checkFile(uri, !scripted);
    if (scripted) {
      const connection = d.connections.resolve((optionsArg as { connection?: unknown }).connection);
      return send(await planImport(d.gateway(connection), uri.fsPath, options as ImportOptions, undefined, { check }), uri, false, connection);
    }
    if (!check.ok) {
      const action = await vscode.window.showErrorMessage(`${csvName(uri)} has ${check.errorCount} problem(s) to fix before it can be imported. They are listed in the Problems panel.`, 'Show Problems');
      if (action) void vscode.commands.executeCommand('workbench.actions.view.problems');
      return undefined;
    }
    return interactiveImport(uri, check, options);
  }

  const command = vscode.commands.registerCommand(IMPORT_COMMAND, async (uriArg?: unknown, optionsArg?: unknown) => {
    const scripted = optionsGiven(optionsArg);
    try {
      return await importCsv(uriArg, optionsArg);
    } catch (e) {
      const message = d.logger.redact(describeError(e));
      d.logger.log('error', `${IMPORT_COMMAND}: ${message}`);
      if (!scripted) void showImportError(e, message, d.logger);
      throw new Error(message);
    }
  });
  return [diagnostics, command, bound];
}

/** The error in plain words; a missing scope names the scopes and offers Sign In. */
async function showImportError(e: unknown, message: string, logger: Logger): Promise<void> {
  if (codeOf(e) === 'OAUTH_SCOPE_MISMATCH') {
    const scopes = scopesOf(e);
    const text = scopes?.length ? `${message} Missing scope: ${scopes.join(' or ')}. Sign in again and grant it.` : message;
    const a = await vscode.window.showErrorMessage(text, 'Sign In');
    if (a === 'Sign In') void vscode.commands.executeCommand('zohoBulkJobs.signIn');
    return;
  }
  const a = await vscode.window.showErrorMessage(message, 'Show Logs');
  if (a === 'Show Logs') logger.show();
}
