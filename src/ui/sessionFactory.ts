// Creates the Session with its SecretStorage-backed credentials and OAuth clients. The accounts
// server is the one the credentials remember (the data-centre table's, or the loopback simulator
// they were issued by) — never one a later setting names; settings changes re-check the target.
import * as vscode from 'vscode';
import { SecretCredentialStore } from '../jobs/credentialStore';
import { Session } from '../jobs/session';
import { ZohoOAuth } from '../zoho/oauth';
import type { Logger } from './log';
import { readSettings, SECTION } from './settings';

export function createSession(secrets: vscode.SecretStorage, logger: Logger, version: string): { session: Session; disposable: vscode.Disposable } {
  const storage = new SecretCredentialStore(secrets, logger.log);
  const session = new Session(storage, {
    oauth: ({ accountsUrl, dataCenter }) => new ZohoOAuth({ accountsUrl, dataCenter, userAgent: `zoho-bulk-jobs-vscode/${version}`, log: logger.log }),
    apiOverride: () => readSettings().apiDomainOverride || undefined,
    log: logger.log,
    onSecret: (s) => logger.addSecret(s),
  });
  const watch = vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(SECTION)) session.targetChanged(); });
  return { session, disposable: vscode.Disposable.from(watch, storage, session) };
}
