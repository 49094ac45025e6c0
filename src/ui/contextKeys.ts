// Keeps the `when`-clause context keys (welcome views, menus) in step with the model.
import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import type { Session } from '../jobs/session';
import { CONTEXT_JOB_COUNT, CONTEXT_SIGNED_IN } from './ids';

export function bindContextKeys(store: JobStore, session: Session): vscode.Disposable {
  const setCount = () => void vscode.commands.executeCommand('setContext', CONTEXT_JOB_COUNT, store.size);
  const setSignedIn = () => void vscode.commands.executeCommand('setContext', CONTEXT_SIGNED_IN, session.state.signedIn);
  setCount();
  setSignedIn();
  void session.ready().then(setSignedIn);
  const subs = [store.onDidChangeList(setCount), session.onDidChange(setSignedIn)];
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}
