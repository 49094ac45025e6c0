// The composition root: creates the pieces and wires them together. No logic lives here,
// and activation never waits for the network.
import * as vscode from 'vscode';
import { JobService } from './jobs/jobService';
import { ResultService } from './jobs/results/resultService';
import type { PollScheduler } from './jobs/pollScheduler';
import type { Session } from './jobs/session';
import type { ConnectionList } from './jobs/connections/connectionList';
import { JobStore } from './jobs/jobStore';
import { toSnapshot, type JobSnapshot } from './jobs/snapshot';
import { connectionOf } from './jobs/connections/jobKey';
import { registerCommands } from './ui/commands';
import { bindContextKeys } from './ui/contextKeys';
import { FOCUS_VIEW_COMMAND, VIEW_ID } from './ui/ids';
import { openJobState } from './ui/jobState';
import { JobJsonProvider, JSON_SCHEME } from './ui/jsonDocuments';
import { JobsTreeProvider } from './ui/jobsTree';
import { Logger } from './ui/log';
import { FinishNotifier } from './ui/notifications';
import { startPolling } from './ui/polling';
import { watchSettings } from './ui/settingsWatcher';
import { JobStatusBar } from './ui/statusBar';
import { notifySignedOut } from './ui/authCommands';
import { applyDemoEnvironment } from './ui/demoMode';
import { createConnections } from './ui/sessionFactory';
import { bindSessionView, notifyProblems } from './ui/sessionView';
import { learnOrg } from './ui/connectionCommands';
import { createZohoFetcher } from './ui/zohoFetcher';
import { registerImportCommands } from './ui/importCommands';
import { startExports } from './ui/exportCommands';

/** What other extensions and scripts get from activate(): plain snapshots, nothing that reaches a secret. */
export interface ZohoBulkJobsApi {
  getJobs(): JobSnapshot[];
}

/** Only while VS Code runs this extension's own tests (ExtensionMode.Test): the live parts, for in-host tests. */
export interface ZohoBulkJobsTestApi extends ZohoBulkJobsApi {
  readonly internals: Internals;
}

export interface Internals {
  store: JobStore;
  service: JobService;
  tree: JobsTreeProvider;
  scheduler: PollScheduler;
  /** notifications shown so far */
  notifications(): readonly string[];
  statusBarText(): string;
  readonly globalState: vscode.Memento;
  /** the folder the saved jobs live under (ui/jobState.ts JOBS_FOLDER) */
  readonly globalStorageUri: vscode.Uri;
  /** the first (or only) connection's session */
  session: Session;
  connections: ConnectionList;
  /** the folder of this extension's log files */
  readonly logUri: vscode.Uri;
  /**
   * deactivate + activate again on the same ExtensionContext (persistence tests); `between` runs in between.
   * `{ flush: false }`: no flush first, only what deactivate() itself does and returns (as when VS Code closes).
   */
  restart(between?: () => Thenable<void>, opts?: { flush?: boolean }): Promise<void>;
}

let running: { close(): Promise<void> } | undefined;

export function activate(context: vscode.ExtensionContext): ZohoBulkJobsApi {
  let parts = compose(context);
  running = parts;
  const internals: Internals = {
    get store() { return parts.store; },
    get service() { return parts.service; },
    get tree() { return parts.tree; },
    get scheduler() { return parts.scheduler; },
    notifications: () => parts.notifier.history,
    statusBarText: () => parts.statusBar.text,
    globalState: context.globalState,
    globalStorageUri: context.globalStorageUri,
    get session() { return parts.connections.session(parts.connections.defaultId()); },
    get connections() { return parts.connections; },
    logUri: context.logUri,
    restart: async (between, opts) => {
      if (opts?.flush === false) {
        await deactivate();
      } else {
        await parts.flush();
        parts.disposable.dispose();
      }
      await between?.();
      parts = compose(context);
      running = parts;
    },
  };
  const api: ZohoBulkJobsApi = { getJobs: () => parts.store.sorted().map((j) => toSnapshot(j, parts.connections.nameOf(connectionOf(j)))) };
  // An installed extension always runs in Production mode, so the live session never leaves it there.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return Object.freeze(api);
  return Object.freeze({ ...api, internals });
}

/** Resolves when the jobs waiting to be saved are on disk (VS Code waits for it before the host exits). */
export function deactivate(): Thenable<void> | undefined {
  const r = running;
  running = undefined;
  return r?.close();
}

function compose(context: vscode.ExtensionContext) {
  const logger = new Logger();
  const store = new JobStore();
  const { persistence } = openJobState(store, context.globalStorageUri, context.globalState, logger);
  const version = context.extension.packageJSON.version as string;
  // a session's own notices name its connection while there are several
  const nameOf = (id: string) => () => (connections.several ? connections.get(id)?.name : undefined);
  const auth = createConnections(context, logger, version, {
    onSession: (s, id) => vscode.Disposable.from(notifySignedOut(s, nameOf(id)), notifyProblems(s, nameOf(id))),
  });
  const connections = auth.connections;
  const fetcher = createZohoFetcher({ connections, logger, version });
  const service = new JobService(store, fetcher, { log: logger.log, saveNow: (id) => persistence.saveNow(id) });
  const results = new ResultService(store, service, fetcher);
  const tree = new JobsTreeProvider(store, connections);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new JobStatusBar(store, FOCUS_VIEW_COMMAND, connections);
  const json = new JobJsonProvider(store);
  const polling = startPolling(store, service);
  // the notifier names jobs by store key; a tree node carries it to the commands
  const show = (key: string) => view.reveal(tree.nodeFor(key), { select: true, focus: true, expand: true });
  const openJson = (key: string) => vscode.commands.executeCommand('zohoBulkJobs.openJson', tree.nodeFor(key));
  const downloadResult = (key: string) => vscode.commands.executeCommand('zohoBulkJobs.downloadResult', tree.nodeFor(key)).then(undefined, () => undefined);
  const notifier = new FinishNotifier(store, { show, openJson, downloadResult });
  const disposables: vscode.Disposable[] = [
    logger, auth.disposable, tree, view, statusBar, json, tree.keepTimesFresh(view),
    vscode.workspace.registerTextDocumentContentProvider(JSON_SCHEME, json),
    bindContextKeys(store, connections),
    bindSessionView(connections, store, view, statusBar),
    polling.disposable,
    notifier,
    watchSettings(logger, fetcher),
    ...registerCommands({ store, service, tree, view, connections, logger, results, globalStorage: context.globalStorageUri, onSignedIn: (id) => learnOrg(connections, id, logger, version).catch(() => undefined) }),
    ...registerImportCommands({ service, tree, view, logger, connections, version, workspaceState: context.workspaceState }),
    ...startExports({ store, service, connections, logger, tree, view, version, saveNow: (id) => persistence.saveNow(id) }),
    { dispose: () => { void persistence.dispose(); store.dispose(); } },
  ];
  const disposable = vscode.Disposable.from(...disposables);
  void connections.adoptFirst(store.ofConnection(undefined).length > 0).catch((e) => logger.log('warn', `Could not list the earlier sign-in as a connection: ${String(e)}`));
  void applyDemoEnvironment(process.env, connections, service, logger).catch((e) => logger.log('warn', `Demo set-up failed: ${String(e)}`));
  context.subscriptions.push(disposable);
  const close = () => { disposable.dispose(); return persistence.dispose(); };
  return { disposable, close, store, service, tree, statusBar, scheduler: polling.scheduler, notifier, connections, flush: () => persistence.flush() };
}
