// Keeps the `when`-clause context keys (welcome views, menus) in step with the model.
import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import type { ConnectionList } from '../jobs/connections/connectionList';
import { CONTEXT_JOB_COUNT, CONTEXT_SIGNED_IN } from './ids';

export function bindContextKeys(store: JobStore, connections: ConnectionList): vscode.Disposable {
  const setCount = () => void vscode.commands.executeCommand('setContext', CONTEXT_JOB_COUNT, store.size);
  const setSignedIn = () => void vscode.commands.executeCommand('setContext', CONTEXT_SIGNED_IN, connections.anySignedIn());
  setCount();
  setSignedIn();
  void connections.session(connections.defaultId()).ready().then(setSignedIn);
  const setConnections = () => void vscode.commands.executeCommand('setContext', 'zohoBulkJobs.connectionCount', connections.all().length);
  setConnections();
  const subs = [store.onDidChangeList(setCount), connections.onDidChangeSession(setSignedIn), connections.onDidChange(setSignedIn), connections.onDidChange(setConnections)];
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}
