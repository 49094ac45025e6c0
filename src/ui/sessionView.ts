// Shows the session where users look: a line above the tree while signed in with a short-lived
// access token (when it expires) or while the saved sign-in cannot be used (only above jobs, since
// a message hides the welcome view), "Sign in to Zoho" in the status bar while signed out, and one
// warning per problem (the session fires each once) — never a prompt loop.
import * as vscode from 'vscode';
import type { ConnectionList } from '../jobs/connections/connectionList';
import type { JobStore } from '../jobs/jobStore';
import type { Session, SessionNotice, SessionState } from '../jobs/session';
import type { JobStatusBar } from './statusBar';

const PROBLEM_LINES: Record<NonNullable<SessionState['problem']>, string> = {
  rejected: 'Zoho keeps rejecting new access tokens; the extension tries again later.',
  tokenRejected: 'Zoho rejected the access token. Sign in again to keep your jobs updating.',
  wrongTarget: 'The saved sign-in is for another Zoho address than the one set now. Sign in again for it.',
};

export function bindSessionView(connections: ConnectionList, store: JobStore, view: vscode.TreeView<unknown>, statusBar: JobStatusBar): vscode.Disposable {
  const update = () => {
    statusBar.setSignedIn(connections.anySignedIn(), connections.all().filter((c) => !connections.session(c.id).state.signedIn).map((c) => c.name));
    // with several connections, each row says its own state; a view message would speak for one
    const s = connections.session(connections.defaultId()).state;
    // a view message hides the welcome content, so it is shown only above jobs
    if (connections.several) {
      view.message = undefined;
    } else if (s.problem && store.size > 0) {
      view.message = PROBLEM_LINES[s.problem];
    } else if (s.signedIn && s.method === 'accessToken' && store.size > 0) {
      const until = s.expiresAt ? ` until ${new Date(s.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : ' (about one hour)';
      view.message = `Signed in with an access token${until}. Sign in with a Self Client to stay signed in.`;
    } else {
      view.message = undefined;
    }
  };
  let disposed = false;
  update();
  void connections.session(connections.defaultId()).ready().then(() => { if (!disposed) update(); }); // not after a restart disposed the status bar
  const subs = [connections.onDidChangeSession(update), connections.onDidChange(update), store.onDidChangeList(update)];
  return { dispose: () => { disposed = true; subs.forEach((x) => x.dispose()); } };
}

/** One warning per problem of a session, with "Sign In Again" and "Show Logs"; the session keeps its saved credentials. */
export function notifyProblems(session: Session, name: () => string | undefined): vscode.Disposable {
  const sub = session.onDidHaveProblem((n) => showProblem(n, name()));
  return { dispose: () => sub.dispose() };
}

function showProblem(n: SessionNotice, name: string | undefined): void {
  void vscode.window.showWarningMessage(`${name ? `${name}: ` : ''}${n.message}`, 'Sign In Again', 'Show Logs').then((a) => {
    if (a === 'Sign In Again') void vscode.commands.executeCommand('zohoBulkJobs.signIn');
    if (a === 'Show Logs') void vscode.commands.executeCommand('zohoBulkJobs.showLogs');
  });
}
