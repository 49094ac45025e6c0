// Export Module… (zohoBulkJobs.createExport) and Export the Next Page (zohoBulkJobs.exportNextPage).
// createExport(options?) resolves to the new job's id: with options nothing is asked, and bad
// options reject with an Error naming the problem before anything is sent. exportNextPage(job?)
// takes a job id or a tree node and resolves to the next page's job id (created once per page).
// The "all pages" chain runs in the model (jobs/export/pageFollower.ts), started here.
import * as vscode from 'vscode';
import { ExportJobs, hasMorePages } from '../jobs/export/exportJobs';
import type { ExportApi } from '../jobs/export/exportPort';
import { planFromOptions, type ExportPlan } from '../jobs/export/exportOptions';
import type { Criteria } from '../jobs/export/exportQuery';
import { PageFollower } from '../jobs/export/pageFollower';
import type { JobService } from '../jobs/jobService';
import type { JobStore } from '../jobs/jobStore';
import type { ConnectionList } from '../jobs/connections/connectionList';
import { jobKey, splitKey } from '../jobs/connections/jobKey';
import { keyForId } from '../jobs/connections/jobLookup';
import { jobTitle } from '../jobs/trackedJob';
import { describeError } from '../zoho/errors';
import { createExportApi } from './exportClient';
import { isTreeNode, type JobsTreeProvider, type Node } from './jobsTree';
import type { Logger } from './log';
import { promptExport } from './exportPrompts';
import { pickConnection, pickJob } from './prompts';

export const EXPORT_COMMANDS = {
  createExport: 'zohoBulkJobs.createExport',
  exportNextPage: 'zohoBulkJobs.exportNextPage',
} as const;

export interface ExportDeps {
  store: JobStore;
  service: JobService;
  connections: ConnectionList;
  logger: Logger;
  tree: JobsTreeProvider;
  view: vscode.TreeView<Node>;
  /** JobPersistence.saveNow */
  saveNow(id: string): PromiseLike<void>;
  version: string;
  /** tests and the simulator bind another port; default: the Zoho client from settings + session */
  api?: ExportApi;
}

/** Registers the export commands and starts the page follower; dispose stops both. */
export function startExports(d: ExportDeps): vscode.Disposable[] {
  const { store, logger } = d;
  const { connections } = d;
  const api = d.api ?? createExportApi({ connections, logger, version: d.version });
  /** the port bound to one connection */
  const on = (connection: string): ExportApi => ({
    modules: (signal) => api.modules(signal, connection),
    fields: (module, signal) => api.fields(module, signal, connection),
    createReadJob: (query, signal) => api.createReadJob(query, signal, connection),
  });
  const exports = new ExportJobs({ store, api, refresh: (id) => d.service.refresh(id), saveNow: d.saveNow });
  const follower = new PageFollower(store, exports, {
    onCreated: (from, next) => logger.log('info', `Job ${from} finished with more records: created job ${next} for the next page.`),
    onError: (from, message) => {
      const text = `The next page after job ${from} could not be created: ${message}`;
      logger.log('warn', text);
      void vscode.window.showWarningMessage(text, 'Show Logs').then((a) => { if (a === 'Show Logs') logger.show(); });
    },
  });
  const reveal = (id: string) => d.view.reveal(d.tree.nodeFor(id), { select: true, focus: false, expand: false }).then(undefined, () => undefined);

  const createExport = async (arg?: unknown): Promise<string | undefined> => {
    const scripted = exportOptionsGiven(arg);
    const connection = scripted ? connections.resolve((arg as { connection?: unknown }).connection) : await pickConnection(connections, 'Export from which Zoho connection?', d.tree.connectionOfNode(d.view.selection[0]));
    if (connection === undefined) return undefined;
    const plan = scripted ? await planFromOptions(arg, on(connection)) : await promptExport(on(connection));
    if (!plan) return undefined;
    const create = () => exports.create(plan.query, { allPages: plan.allPages, connection });
    const id = scripted ? await create() : await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Creating the export of ${plan.query.module}…` }, create,
    );
    const asked = describePlan(plan);
    logger.log('info', `Created bulk read job ${id} (${plan.query.module}: ${asked}).`);
    if (!scripted) {
      await reveal(jobKey(connection, id));
      void vscode.window.showInformationMessage(`Export of ${plan.query.module} started (job ${id}): ${asked}. Its result can be downloaded once it is completed.`);
    }
    return id;
  };

  const exportNextPage = async (arg?: unknown, connectionArg?: unknown): Promise<string | undefined> => {
    const given = typeof arg === 'string' ? keyForId(store, connections, arg.trim(), connectionArg) : nodeJobId(arg);
    const key = given ?? await pickJob(store, 'Export the next page of a bulk read', hasMorePages, 'No tracked bulk read has more records than its page.', connections);
    if (!key) return undefined;
    const job = store.get(key);
    if (!job) throw new Error(`Job ${splitKey(key).id} is not tracked. Add it first with zohoBulkJobs.addJob.`);
    const next = await exports.createNextPage(key);
    logger.log('info', `Next page of ${jobTitle(job)} (job ${job.id}): job ${next}.`);
    if (typeof arg !== 'string') await reveal(jobKey(job.connection, next));
    return next;
  };

  const handlers: Record<string, (arg?: unknown, more?: unknown) => Promise<unknown>> = {
    [EXPORT_COMMANDS.createExport]: createExport,
    [EXPORT_COMMANDS.exportNextPage]: exportNextPage,
  };
  return [
    follower,
    ...Object.entries(handlers).map(([command, fn]) => vscode.commands.registerCommand(command, async (arg?: unknown, more?: unknown) => {
      try {
        return await fn(arg, more);
      } catch (e) {
        const message = logger.redact(e instanceof Error && !('code' in e) ? e.message : describeError(e));
        logger.log('error', `${command}: ${message}`);
        // people get a message; scripts (an options object, a job id) get the rejection
        const scripted = command === EXPORT_COMMANDS.createExport ? exportOptionsGiven(arg) : typeof arg === 'string';
        if (!scripted) void vscode.window.showErrorMessage(message, 'Show Logs').then((a) => { if (a === 'Show Logs') logger.show(); });
        throw new Error(message);
      }
    })),
  ];
}

/**
 * Whether createExport was given options (a script) rather than run by a person. The view's title
 * menu passes the tree's focused row ({type:'job', jobId} …) when one is selected: that is no options.
 */
export function exportOptionsGiven(arg: unknown): boolean {
  return arg !== undefined && arg !== null && !isTreeNode(arg);
}

function nodeJobId(arg: unknown): string | undefined {
  if (typeof arg === 'object' && arg !== null && typeof (arg as { jobId?: unknown }).jobId === 'string') return (arg as { jobId: string }).jobId;
  return undefined;
}

/** What an export asks for, in a few words: "fields Last_Name, Email · where Lead_Source equal "Web" · first page". */
export function describePlan(plan: ExportPlan): string {
  const f = plan.query.fields;
  const fields = !f ? 'every field' : f.length <= 5 ? `fields ${f.join(', ')}` : `${f.length} fields`;
  const where = plan.query.criteria ? ` · where ${describeCriteria(plan.query.criteria)}` : ' · every record';
  return `${fields}${where} · ${plan.allPages ? 'all pages' : 'first page'}`;
}

function describeCriteria(c: Criteria): string {
  if ('group' in c) return `${c.group.length} conditions joined by ${c.group_operator}`;
  const v = JSON.stringify(c.value) ?? String(c.value);
  return `${c.field.api_name} ${c.comparator} ${v.length > 40 ? `${v.slice(0, 40)}…` : v}`;
}
