// Creates the connections and, for each, its Session with SecretStorage-backed credentials (under
// the connection's own key) and OAuth clients. The accounts server is the one the credentials
// remember (the data-centre table's, or the loopback simulator they were issued by) — never one a
// later setting names; settings changes re-check every session's target. While several connections
// exist each keeps the address it signed in at (Session `pinned`).
import * as vscode from 'vscode';
import { ConnectionList } from '../jobs/connections/connectionList';
import { credentialKeyFor, SecretCredentialStore } from '../jobs/credentialStore';
import { Session } from '../jobs/session';
import { ZohoOAuth } from '../zoho/oauth';
import type { Logger } from './log';
import { readSettings, SECTION } from './settings';

export interface SessionHooks {
  /** called once per session made (notifications of its problems and sign-outs) */
  onSession?(session: Session, connectionId: string): vscode.Disposable;
}

export function createConnections(context: { secrets: vscode.SecretStorage; globalState: vscode.Memento }, logger: Logger, version: string, hooks: SessionHooks = {}): { connections: ConnectionList; disposable: vscode.Disposable } {
  const owned: vscode.Disposable[] = [];
  const connections: ConnectionList = new ConnectionList({
    state: context.globalState,
    defaults: () => { const s = readSettings(); return { dataCenter: s.dataCenter, environment: s.environment }; },
    warn: (m) => logger.log('warn', m),
    session: (id) => {
      const storage = new SecretCredentialStore(context.secrets, logger.log, credentialKeyFor(id));
      const session = new Session(storage, {
        oauth: ({ accountsUrl, dataCenter }) => new ZohoOAuth({ accountsUrl, dataCenter, userAgent: `zoho-bulk-jobs-vscode/${version}`, log: logger.log }),
        apiOverride: () => readSettings().apiDomainOverride || undefined,
        pinned: () => connections.several,
        log: logger.log,
        onSecret: (s) => logger.addSecret(s),
      });
      owned.push(storage);
      if (hooks.onSession) owned.push(hooks.onSession(session, id));
      return session;
    },
  });
  const watch = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) for (const s of connections.liveSessions()) s.targetChanged();
  });
  return { connections, disposable: { dispose: () => { watch.dispose(); for (const d of owned.splice(0)) d.dispose(); connections.dispose(); } } };
}
