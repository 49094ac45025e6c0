// Creates the Session with its SecretStorage-backed credentials and OAuth clients. The accounts
// server comes from the data-centre table — or, only when the API override is a loopback
// simulator, from that simulator — never from a setting a workspace could change.
import * as vscode from 'vscode';
import { Session } from '../jobs/session';
import { accountsUrlFor, ZohoOAuth } from '../zoho/oauth';
import { SecretCredentialStore } from './credentialStore';
import type { Logger } from './log';
import { readSettings } from './settings';

export function createSession(secrets: vscode.SecretStorage, logger: Logger, version: string): { session: Session; disposable: vscode.Disposable } {
  const storage = new SecretCredentialStore(secrets);
  const session = new Session(storage, {
    oauth: (dc, env) => new ZohoOAuth({
      accountsUrl: accountsUrlFor(dc, env, readSettings().apiDomainOverride || undefined),
      userAgent: `zoho-bulk-jobs-vscode/${version}`,
      log: logger.log,
    }),
    log: logger.log,
    onSecret: (s) => logger.addSecret(s),
  });
  return { session, disposable: vscode.Disposable.from(storage, session) };
}
