// The "Zoho Bulk Jobs" tree: job → resources → field mappings (write) or details (read),
// plus an error node when the last refresh failed; with several connections, connections first
// and their jobs beneath (with one, exactly the tree there was before connections). Job nodes are stable objects so a change
// refreshes only that node; items carry stable ids so expansion survives refreshes.
import * as vscode from 'vscode';
import { groupJobs, isGrouped, rootEntries } from '../jobs/import/importGroups';
import type { ConnectionList } from '../jobs/connections/connectionList';
import { connectionOf, keyOf } from '../jobs/connections/jobKey';
import type { JobStore } from '../jobs/jobStore';
import { jobStatus, type TrackedJob } from '../jobs/trackedJob';
import { connectionItem } from './connectionTreeItems';
import { importGroupItem, partItem } from './importTreeItems';
import { errorItem, jobItem, jobTooltip, mappingItem, readDetailItems, resourceItem } from './jobTreeItems';
import { resultDetailItems, resultItem } from './resultTreeItems';

export type JobNode = { readonly type: 'job'; readonly jobId: string };
export type ChildNode =
  | { readonly type: 'resource'; readonly jobId: string; readonly index: number; readonly parent: JobNode }
  | { readonly type: 'mapping'; readonly jobId: string; readonly resource: number; readonly index: number; readonly parent: ChildNode }
  | { readonly type: 'detail'; readonly jobId: string; readonly index: number; readonly parent: JobNode }
  | { readonly type: 'error'; readonly jobId: string; readonly parent: JobNode }
  | { readonly type: 'result'; readonly jobId: string; readonly parent: JobNode }
  | { readonly type: 'resultDetail'; readonly jobId: string; readonly index: number; readonly parent: ChildNode };
/** An import sent in several parts: its jobs beneath (jobs/import/importGroups.ts). */
export type ImportNode = { readonly type: 'import'; readonly groupId: string; readonly jobId?: undefined };
/** A connection (only while there are several): its jobs beneath. */
export type ConnectionNode = { readonly type: 'connection'; readonly connectionId: string; readonly jobId?: undefined };
export type Node = ConnectionNode | ImportNode | JobNode | ChildNode;

/** A row of this tree, as VS Code passes it to a command run from a menu while the row is selected. */
export function isTreeNode(arg: unknown): arg is Node {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return false;
  const o = arg as Record<string, unknown>;
  return typeof o.type === 'string' && ('jobId' in o || 'groupId' in o || 'connectionId' in o) && !('module' in o);
}

export class JobsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, JobNode>();
  private readonly groupNodes = new Map<string, ImportNode>();
  private readonly connectionNodes = new Map<string, ConnectionNode>();
  private readonly subs: vscode.Disposable[];
  private rootRefresh: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly store: JobStore, private readonly connections?: ConnectionList) {
    this.subs = [
      ...(connections ? [connections.onDidChange(() => this.refreshRoot()), connections.onDidChangeSession(() => this.refreshRoot())] : []),
      store.onDidChangeList(() => this.refreshRoot()),
      store.onDidChangeJob(({ job, previous, wasLoaded }) => {
        // a status change can move the job (unfinished first): re-read the root, else just this node
        if (previous !== jobStatus(job) || !wasLoaded) this.refreshRoot();
        else {
          this.changed.fire(this.nodeFor(keyOf(job)));
          if (isGrouped(job)) this.changed.fire(this.groupNodeFor(job.importGroup!.id)); // its summed counts
        }
      }),
    ];
  }

  /** Re-reads the visible rows every minute so "5 min ago" does not go stale. */
  keepTimesFresh(view: vscode.TreeView<Node>): vscode.Disposable {
    const timer = setInterval(() => { if (view.visible && this.store.size > 0) this.changed.fire(undefined); }, 60_000);
    return { dispose: () => clearInterval(timer) };
  }

  nodeFor(jobId: string): JobNode {
    let n = this.nodes.get(jobId);
    if (!n) { n = { type: 'job', jobId }; this.nodes.set(jobId, n); }
    return n;
  }

  connectionNodeFor(connectionId: string): ConnectionNode {
    let n = this.connectionNodes.get(connectionId);
    if (!n) { n = { type: 'connection', connectionId }; this.connectionNodes.set(connectionId, n); }
    return n;
  }

  /** The connection a row belongs to (a connection row, a job, an import, anything beneath them). */
  connectionOfNode(node: Node | undefined): string | undefined {
    if (!node) return undefined;
    if (node.type === 'connection') return node.connectionId;
    const job = node.type === 'import' ? groupJobs(this.store.all(), node.groupId)[0] : this.store.get(node.jobId);
    return job ? connectionOf(job) : undefined;
  }

  /** Connections are the top level while there are several. */
  private get grouped(): boolean { return this.connections?.several === true; }

  groupNodeFor(groupId: string): ImportNode {
    let n = this.groupNodes.get(groupId);
    if (!n) { n = { type: 'import', groupId }; this.groupNodes.set(groupId, n); }
    return n;
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const jobs = this.store.sorted();
      if (this.nodes.size > jobs.length) this.pruneNodes();
      if (this.grouped && this.connections) return this.connections.all().map((c) => this.connectionNodeFor(c.id));
      return this.entries(jobs);
    }
    if (node.type === 'connection') return this.entries(this.store.sorted().filter((j) => connectionOf(j) === node.connectionId));
    if (node.type === 'import') return groupJobs(this.store.all(), node.groupId).map((j) => this.nodeFor(keyOf(j)));
    const job = this.store.get(node.jobId);
    if (!job) return [];
    if (node.type === 'job') return this.jobChildren(node, job);
    if (node.type === 'result') return resultDetailItems(job).map((_, index) => ({ type: 'resultDetail', jobId: node.jobId, index, parent: node }));
    if (node.type === 'resource' && job.data?.kind === 'write') {
      const mappings = job.data.resources[node.index]?.fieldMappings ?? [];
      // in CSV column order ("Last_Name ← column 0" first); mappings without an index last
      const order = mappings.map((m, index) => ({ index, column: m.index ?? Number.MAX_SAFE_INTEGER })).sort((x, y) => x.column - y.column || x.index - y.index);
      return order.map(({ index }) => ({ type: 'mapping', jobId: node.jobId, resource: node.index, index, parent: node }));
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'connection') {
      const info = this.connections?.get(node.connectionId);
      const session = this.connections?.session(node.connectionId);
      return info && session ? connectionItem(info, session.state, this.store.sorted().filter((j) => connectionOf(j) === node.connectionId)) : new vscode.TreeItem('(removed)');
    }
    if (node.type === 'import') return importGroupItem(node.groupId, groupJobs(this.store.all(), node.groupId));
    const job = this.store.get(node.jobId);
    if (!job) return new vscode.TreeItem('(removed)');
    switch (node.type) {
      case 'job': return this.greyedIfSignedOut(job, isGrouped(job) ? partItem(job) : jobItem(job));
      case 'resource': return resourceItem(job, node.index);
      case 'mapping': return mappingItem(job, node.resource, node.index);
      case 'detail': return readDetailItems(job)[node.index] ?? new vscode.TreeItem('');
      case 'error': return errorItem(job);
      case 'result': return resultItem(job);
      case 'resultDetail': return resultDetailItems(job)[node.index] ?? new vscode.TreeItem('');
    }
  }

  resolveTreeItem(item: vscode.TreeItem, node: Node): vscode.TreeItem {
    if (node.type === 'import' || node.type === 'connection') return item;
    const job = this.store.get(node.jobId);
    if (node.type === 'job' && job) item.tooltip = jobTooltip(job);
    return item;
  }

  getParent(node: Node): Node | undefined {
    if (node.type === 'connection') return undefined;
    if (node.type === 'import') {
      const first = groupJobs(this.store.all(), node.groupId)[0];
      return first && this.grouped ? this.connectionNodeFor(connectionOf(first)) : undefined;
    }
    if (node.type !== 'job') return node.parent;
    const job = this.store.get(node.jobId);
    if (!job) return undefined;
    if (isGrouped(job)) return this.groupNodeFor(job.importGroup!.id);
    return this.grouped ? this.connectionNodeFor(connectionOf(job)) : undefined;
  }

  dispose(): void {
    if (this.rootRefresh) clearTimeout(this.rootRefresh);
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }

  /** While there are several connections, a signed-out one's jobs are greyed: they are kept, not refreshed. */
  private greyedIfSignedOut(job: TrackedJob, item: vscode.TreeItem): vscode.TreeItem {
    if (!this.grouped || this.connections?.session(connectionOf(job)).state.signedIn !== false) return item;
    item.description = `${String(item.description ?? '')} · sign in to refresh`;
    item.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    return item;
  }

  private entries(jobs: readonly TrackedJob[]): Node[] {
    return rootEntries(jobs).map((e) => (e.type === 'job' ? this.nodeFor(keyOf(e.job)) : this.groupNodeFor(e.group.id)));
  }

  private jobChildren(node: JobNode, job: TrackedJob): Node[] {
    const out: Node[] = [];
    const jobId = node.jobId;
    if (job.error) out.push({ type: 'error', jobId, parent: node });
    if (job.result) out.push({ type: 'result', jobId, parent: node });
    if (job.data?.kind === 'write') {
      job.data.resources.forEach((_, index) => out.push({ type: 'resource', jobId, index, parent: node }));
    } else if (job.data?.kind === 'read') {
      readDetailItems(job).forEach((_, index) => out.push({ type: 'detail', jobId, index, parent: node }));
    }
    return out;
  }

  /** Coalesces root refreshes (a burst of status changes during a poll) into one. */
  private refreshRoot(): void {
    if (this.rootRefresh) return;
    this.rootRefresh = setTimeout(() => { this.rootRefresh = undefined; this.changed.fire(undefined); }, 50);
  }

  private pruneNodes(): void {
    for (const id of this.nodes.keys()) if (!this.store.has(id)) this.nodes.delete(id);
    const groups = new Set(this.store.all().map((j) => j.importGroup?.id));
    for (const id of this.groupNodes.keys()) if (!groups.has(id)) this.groupNodes.delete(id);
  }
}
