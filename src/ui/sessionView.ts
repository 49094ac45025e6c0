// Shows the session where users look: a line above the tree while signed in with a short-lived
// access token (when it expires; only above jobs, since a message hides the welcome view), and "Sign in to Zoho" in the status bar while signed out.
import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import type { Session } from '../jobs/session';
import type { JobStatusBar } from './statusBar';

export function bindSessionView(session: Session, store: JobStore, view: vscode.TreeView<unknown>, statusBar: JobStatusBar): vscode.Disposable {
  const update = () => {
    const s = session.state;
    statusBar.setSignedIn(s.signedIn);
    // a view message hides the welcome content, so it is shown only above jobs
    if (s.signedIn && s.method === 'accessToken' && store.size > 0) {
      const until = s.expiresAt ? ` until ${new Date(s.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : ' (about one hour)';
      view.message = `Signed in with an access token${until}. Sign in with a Self Client to stay signed in.`;
    } else {
      view.message = undefined;
    }
  };
  update();
  void session.ready().then(update);
  const subs = [session.onDidChange(update), store.onDidChangeList(update)];
  return { dispose: () => subs.forEach((x) => x.dispose()) };
}
