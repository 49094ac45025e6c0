// Keeps the `when`-clause context keys (welcome views, menus) in step with the model.
import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import { CONTEXT_HAS_TOKEN, CONTEXT_JOB_COUNT } from './ids';
import type { TokenStore } from './tokenStore';

export function bindContextKeys(store: JobStore, tokens: TokenStore): vscode.Disposable {
  const setCount = () => void vscode.commands.executeCommand('setContext', CONTEXT_JOB_COUNT, store.size);
  const setToken = () => void vscode.commands.executeCommand('setContext', CONTEXT_HAS_TOKEN, tokens.hasToken);
  setCount();
  setToken();
  void tokens.ready().then(setToken);
  const subs = [store.onDidChangeList(setCount), tokens.onDidChange(setToken)];
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}
