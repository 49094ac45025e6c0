// The commands. Each accepts an optional argument (a job id string, or the tree node it was
// invoked on) and then never prompts, and an optional connection name last (without it: the
// only connection, or the first one); its promise settles when the work is done. A failed
// fetch is recorded on the job, not thrown; an invalid argument rejects with an Error that
// says why and changes nothing.
import * as vscode from 'vscode';
import { otherDataCenter, parseJobIdInput } from '../jobs/jobIdInput';
import type { JobService } from '../jobs/jobService';
import type { JobStore } from '../jobs/jobStore';
import type { ResultService } from '../jobs/results/resultService';
import type { ConnectionList } from '../jobs/connections/connectionList';
import { jobKey, keyOf, splitKey } from '../jobs/connections/jobKey';
import { keyForId } from '../jobs/connections/jobLookup';
import { groupJobs } from '../jobs/import/importGroups';
import { isFinished, resultUrl, type TrackedJob } from '../jobs/trackedJob';
import type { JobKind } from '../zoho/types';
import { jobJsonUri } from './jsonDocuments';
import { VIEW_ID } from './ids';
import { isTreeNode, type JobsTreeProvider, type Node } from './jobsTree';
import type { Logger } from './log';
import { authHandlers, isConnectionNode } from './authCommands';
import { connectionHandlers } from './connectionCommands';
import { offerSignInElsewhere, pickConnection, pickJob, promptJobId } from './prompts';
import { downloadResultHandler } from './resultCommands';
import { readSettings } from './settings';

export interface CommandDeps {
  store: JobStore;
  service: JobService;
  tree: JobsTreeProvider;
  view: vscode.TreeView<Node>;
  connections: ConnectionList;
  logger: Logger;
  /** after a sign-in succeeded on that connection (reads its org) */
  onSignedIn?(connectionId: string): Promise<void>;
  results: ResultService;
  globalStorage: vscode.Uri;
}

export const COMMANDS = {
  addJob: 'zohoBulkJobs.addJob',
  refresh: 'zohoBulkJobs.refresh',
  refreshAll: 'zohoBulkJobs.refreshAll',
  openJson: 'zohoBulkJobs.openJson',
  copyJobId: 'zohoBulkJobs.copyJobId',
  removeJob: 'zohoBulkJobs.removeJob',
  removeImport: 'zohoBulkJobs.removeImport',
  showLogs: 'zohoBulkJobs.showLogs',
  downloadResult: 'zohoBulkJobs.downloadResult',
} as const;

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  const { store, service, tree, view, connections, logger } = d;

  /**
   * An explicit job argument as the job's store key: a tree node (it holds the key), or a job id
   * (or link) on the named connection — without a name, the first connection, or else the one
   * connection that tracks that id. Undefined when none was given.
   */
  const jobArg = (arg: unknown, connectionArg?: unknown): { given: false } | { given: true; id: string } => {
    if (arg === undefined || arg === null) return { given: false };
    if (typeof arg === 'object' && typeof (arg as { jobId?: unknown }).jobId === 'string') return { given: true, id: (arg as { jobId: string }).jobId };
    const p = parseJobIdInput(arg);
    if (!p.ok) throw new Error(p.reason);
    return { given: true, id: keyForId(store, connections, p.id, connectionArg) };
  };
  /** The parts of the import row a menu was run on (Refresh, Copy Job ID and Remove Import… act on all of them); undefined for any other argument. */
  const importArg = (arg: unknown): TrackedJob[] | undefined => (isTreeNode(arg) && arg.type === 'import' ? groupJobs(store.all(), arg.groupId) : undefined);
  const download = downloadResultHandler({ ...d, pick: (title) => pickJob(store, title, (j) => resultUrl(j) !== undefined, 'No tracked job has a result to download yet: results appear once a job is completed.', d.connections) });

  const tracked = (key: string) => {
    if (!store.has(key)) {
      const { id, connection } = splitKey(key);
      const on = connection !== undefined || connections.several ? ` on connection "${connections.get(connection ?? connections.defaultId())?.name ?? connection}"` : '';
      throw new Error(`Job ${id} is not tracked${on}. Add it first with zohoBulkJobs.addJob.`);
    }
    return key;
  };
  const reveal = (id: string) => view.reveal(tree.nodeFor(id), { select: true, focus: false, expand: false }).then(undefined, () => undefined);

  const showError = async (message: string) => {
    const action = await vscode.window.showErrorMessage(message, 'Show Logs');
    if (action === 'Show Logs') logger.show();
  };

  const handlers: Record<string, (...args: unknown[]) => unknown> = {
    ...authHandlers({ connections, store, service, logger, onSignedIn: d.onSignedIn }),
    ...connectionHandlers({ connections, store, service, logger }),

    [COMMANDS.addJob]: async (idArg?: unknown, kindArg?: unknown, connectionArg?: unknown) => {
      if (kindArg !== undefined && kindArg !== null && kindArg !== 'write' && kindArg !== 'read') {
        throw new Error(`The job kind must be 'write' or 'read', not ${JSON.stringify(kindArg)}.`);
      }
      const row = isConnectionNode(idArg) ? idArg.connectionId : undefined; // run on a connection in the tree
      if (row !== undefined) idArg = undefined;
      const scripted = idArg !== undefined;
      const connection = row ?? (scripted || (connectionArg !== undefined && connectionArg !== null) ? connections.resolve(connectionArg ?? undefined) : await pickConnection(connections, 'Add the job to which Zoho connection?', selectedConnection()));
      if (connection === undefined) return undefined;
      const session = connections.session(connection);
      const urlOptions = { apiDomainOverride: readSettings().apiDomainOverride };
      let parsed;
      if (scripted) {
        parsed = parseJobIdInput(idArg, urlOptions);
        if (!parsed.ok) throw new Error(parsed.reason);
      } else {
        parsed = await promptJobId(urlOptions, (p) => otherDataCenter(p, session.state)?.message);
        if (!parsed) return undefined;
        if (!parsed.ok) { await showError(parsed.reason); return undefined; }
      }
      // a link from another data centre or environment: scripts get the reason, people an offer to switch
      const link = parsed;
      const elsewhere = otherDataCenter(link, session.state);
      if (elsewhere && scripted) throw new Error(elsewhere.message);
      if (elsewhere && !(await offerSignInElsewhere(elsewhere, () => otherDataCenter(link, session.state) === undefined))) return undefined;
      const kind = (kindArg ?? undefined) as JobKind | undefined ?? parsed.kind;
      const { added, outcome } = await service.add(parsed.id, kind, undefined, connection);
      logger.log('info', added ? `Added job ${parsed.id}.` : `Job ${parsed.id} is already tracked.`);
      if (!scripted) {
        await reveal(jobKey(connection, parsed.id));
        if (outcome?.error) void showError(`Added job ${parsed.id}, but it could not be loaded: ${outcome.error.message}`);
      }
      return parsed.id;
    },

    [COMMANDS.refresh]: async (arg?: unknown, connectionArg?: unknown) => {
      if ((arg === undefined || arg === null) && connectionArg !== undefined && connectionArg !== null) {
        // every job of one connection that can still change
        await service.refreshMany(store.ofConnection(connections.resolve(connectionArg)).filter((j) => !isFinished(j) || j.error !== undefined));
        return;
      }
      const parts = importArg(arg);
      if (parts) { await service.refreshMany(parts); return; }
      const a = jobArg(arg, connectionArg);
      if (!a.given) return refreshAllWithProgress();
      await service.refresh(tracked(a.id));
    },

    [COMMANDS.refreshAll]: () => refreshAllWithProgress(),

    [COMMANDS.openJson]: async (arg?: unknown, connectionArg?: unknown) => {
      const a = jobArg(arg, connectionArg);
      const id = a.given ? tracked(a.id) : await pickJob(store, 'Open the JSON of a Zoho bulk job', undefined, undefined, connections);
      if (!id) return undefined;
      const job = store.get(id);
      if (!job) return undefined;
      const doc = await vscode.workspace.openTextDocument(jobJsonUri(job));
      if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json').then(undefined, () => undefined);
      await vscode.window.showTextDocument(doc, { preview: true });
      return doc.uri;
    },

    [COMMANDS.copyJobId]: async (arg?: unknown, connectionArg?: unknown) => {
      const parts = importArg(arg);
      if (parts) {
        const ids = parts.map((j) => j.id).join('\n');
        await vscode.env.clipboard.writeText(ids);
        void vscode.window.setStatusBarMessage(`Copied ${parts.length} job IDs`, 3000);
        return ids;
      }
      const a = jobArg(arg, connectionArg);
      const key = a.given ? a.id : await pickJob(store, 'Copy the ID of a Zoho bulk job', undefined, undefined, connections);
      if (!key) return undefined;
      const id = splitKey(key).id;
      await vscode.env.clipboard.writeText(id);
      if (!a.given) void vscode.window.setStatusBarMessage(`Copied job ID ${id}`, 3000);
      return id;
    },

    [COMMANDS.removeJob]: async (arg?: unknown, connectionArg?: unknown) => {
      const a = jobArg(arg, connectionArg);
      const id = a.given ? tracked(a.id) : await pickJob(store, 'Stop tracking a Zoho bulk job', undefined, undefined, connections);
      if (!id) return false;
      const removed = await service.remove(id); // the removal is saved (or has failed) before anything says so
      logger.log('info', `Removed job ${splitKey(id).id}.`);
      return removed;
    },

    [COMMANDS.removeImport]: async (arg?: unknown) => {
      const parts = importArg(arg);
      if (!parts) throw new Error('Remove Import… works on an import row of the Zoho Bulk Jobs view (an import sent in several parts); remove single jobs with zohoBulkJobs.removeJob.');
      return removeImport(parts);
    },

    [COMMANDS.downloadResult]: async (arg?: unknown, connectionArg?: unknown) => {
      const a = jobArg(arg, connectionArg);
      return download(a.given ? tracked(a.id) : undefined, typeof arg !== 'string');
    },

    [COMMANDS.showLogs]: () => logger.show(),
  };

  /** Stops tracking every part of an import, once the user agrees (the menu of its row). */
  async function removeImport(parts: readonly TrackedJob[]): Promise<boolean> {
    const g = parts[0]?.importGroup;
    if (!g) return false;
    const ok = await vscode.window.showWarningMessage(
      `Stop tracking the import of ${g.file} into ${g.module}? Its ${parts.length} job${parts.length === 1 ? ' is' : 's are'} removed from this view; nothing changes in Zoho CRM.`,
      { modal: true }, 'Remove');
    if (ok !== 'Remove') return false;
    const removed = await service.removeMany(parts.map(keyOf)); // saved (or failed) before anything says so
    logger.log('info', `Removed the import of ${g.file} into ${g.module}: ${removed} job(s), ${parts.map((j) => j.id).join(', ')}.`);
    return removed > 0;
  }

  /** The connection of the row selected in the tree, if any. */
  const selectedConnection = () => tree.connectionOfNode(view.selection[0]);

  async function refreshAllWithProgress(): Promise<void> {
    await vscode.window.withProgress(
      { location: { viewId: VIEW_ID }, title: 'Refreshing Zoho bulk jobs' },
      () => service.refreshAll(),
    );
  }

  return Object.entries(handlers).map(([id, fn]) => vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (e) {
      const message = logger.redact(e instanceof Error ? e.message : String(e));
      logger.log('error', `${id}: ${message}`);
      if (typeof args[0] !== 'string') void showError(message); // palette, menus, tree: tell the user; scripts get the rejection
      throw new Error(message);
    }
  }));
}
