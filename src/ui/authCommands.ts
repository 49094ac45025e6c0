// Sign In / Sign Out / Set Access Token / Clear Token, per connection. Given options they never
// prompt and settle when signed in (or reject with an Error that says why). `connection` (an
// optional name) picks the connection: a new name adds one, an existing one replaces its
// credentials; without it, the only (or first) connection.
import * as vscode from 'vscode';
import type { ConnectionList } from '../jobs/connections/connectionList';
import type { JobService } from '../jobs/jobService';
import type { JobStore } from '../jobs/jobStore';
import type { Session } from '../jobs/session';
import { validateSignIn } from '../jobs/signInOptions';
import { DATA_CENTERS, ENVIRONMENTS, type DataCenter, type Environment } from '../zoho/dataCenters';
import { describeError } from '../zoho/errors';
import type { Logger } from './log';
import { pickConnection } from './prompts';
import { readSettings } from './settings';
import { runSignInFlow } from './signInFlow';

export interface AuthDeps { connections: ConnectionList; store: JobStore; service: JobService; logger: Logger; onSignedIn?(connectionId: string): Promise<void> }

export function authHandlers(d: AuthDeps): Record<string, (...args: unknown[]) => unknown> {
  const { connections, store, service, logger } = d;
  const defaults = () => {
    const s = readSettings();
    return { dataCenter: s.dataCenter, environment: s.environment };
  };

  const signIn = async (options: unknown, interactive: boolean, connectionName?: unknown) => {
    const valid = validateSignIn(options, defaults());
    const name = connectionName ?? (options as { connection?: unknown }).connection;
    const target = connections.forSignIn(name ?? undefined);
    const wasListed = connections.get(target.id) !== undefined;
    try {
      const state = await connections.session(target.id).signIn(valid);
      const info = await connections.listed(target.id, { dataCenter: valid.dataCenter, environment: valid.environment }, target.isNew ? target.name : undefined);
      if (interactive) {
        const until = state.method === 'accessToken' ? ' This access token works for one hour; a Self Client keeps you signed in.' : '';
        const who = connections.several ? ` as "${info.name}"` : '';
        void vscode.window.showInformationMessage(`Signed in to Zoho CRM (${state.dataCenter}, ${state.environment})${who}.${until}`);
      }
    } catch (e) {
      throw new Error(describeError(e));
    }
    if (!wasListed) await d.onSignedIn?.(target.id); // a connection's first sign-in: its org (name, tooltip), before the command resolves
    // jobs that could not load while signed out get another chance now
    // (a new connection may have pinned the others to their own addresses: theirs too)
    const retry = wasListed ? store.ofConnection(target.id) : store.all();
    void service.refreshMany(retry.filter((j) => j.error !== undefined || j.data === undefined));
  };

  const signOut = async (session: Session, revoke: boolean) => {
    await session.signOut({ revoke });
  };

  return {
    // (undefined, {dataCenter, environment}): the interactive flow with that data centre preselected
    'zohoBulkJobs.signIn': async (options?: unknown, preselect?: unknown) => {
      const row = isConnectionNode(options) ? options.connectionId : undefined; // run on a connection in the tree
      if (options !== undefined && row === undefined) return signIn(options, false);
      const id = row ?? await pickConnection(connections, 'Sign in to which Zoho connection?');
      if (id === undefined) return;
      const picked = await runSignInFlow(preselected(preselect) ?? defaults());
      if (picked) await signIn(picked, true, connections.get(id)?.name);
    },
    'zohoBulkJobs.addConnection': async (options?: unknown) => {
      if (options !== undefined) {
        const name = (options as { connection?: unknown } | null)?.connection;
        if (name === undefined || name === null) throw new Error('addConnection: give the new connection a name ({ connection: "…", method: … }).');
        const problem = connections.nameProblemFor(name);
        if (problem) throw new Error(problem);
        return signIn(options, false);
      }
      const offered = defaults();
      const picked = await runSignInFlow(offered);
      if (!picked) return;
      const name = await vscode.window.showInputBox({
        title: 'Name the Zoho connection', value: connections.suggestedName({ dataCenter: picked.dataCenter ?? offered.dataCenter, environment: picked.environment ?? offered.environment }),
        prompt: 'How this org shows in the Zoho Bulk Jobs view, e.g. "Acme production" or "Acme sandbox".',
        validateInput: (v) => connections.nameProblemFor(v),
      });
      if (name?.trim()) await signIn(picked, true, name);
    },
    'zohoBulkJobs.signOut': async (connectionArg?: unknown) => {
      if (connectionArg !== undefined && connectionArg !== null && !isConnectionNode(connectionArg)) {
        await signOut(connections.session(connections.resolve(connectionArg)), true);
        logger.log('info', 'Signed out of one Zoho connection; its stored secrets were removed.');
        return;
      }
      if (isConnectionNode(connectionArg)) {
        await signOut(connections.session(connectionArg.connectionId), true);
        return;
      }
      const ids = new Set([connections.defaultId(), ...connections.all().map((c) => c.id)]);
      await Promise.all([...ids].map((id) => signOut(connections.session(id), true)));
      logger.log('info', 'Signed out of Zoho; every stored secret was removed.');
    },
    'zohoBulkJobs.setAccessToken': async (token?: unknown, connectionArg?: unknown) => {
      if (token !== undefined) return signIn({ method: 'accessToken', accessToken: token }, false, connectionArg ?? undefined);
      const entered = await vscode.window.showInputBox({
        title: 'Zoho Access Token', password: true, ignoreFocusOut: true, placeHolder: '1000.xxxxxxxx.xxxxxxxx',
        prompt: 'A Zoho CRM access token (scope ZohoCRM.bulk.ALL). Stored only in VS Code\'s secret storage; it lasts one hour.',
      });
      if (entered?.trim()) await signIn({ method: 'accessToken', accessToken: entered }, true);
    },
    'zohoBulkJobs.clearToken': async () => {
      await Promise.all(connections.liveSessions().map((s) => signOut(s, false)));
      logger.log('info', 'Zoho credentials cleared.');
    },
  };
}

/** A connection row of the tree, as menus pass it. */
export function isConnectionNode(v: unknown): v is { type: 'connection'; connectionId: string } {
  return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'connection' && typeof (v as { connectionId?: unknown }).connectionId === 'string';
}

function preselected(v: unknown): { dataCenter: DataCenter; environment: Environment } | undefined {
  const o = (typeof v === 'object' && v !== null ? v : {}) as { dataCenter?: unknown; environment?: unknown };
  const dc = DATA_CENTERS.find((d) => d === o.dataCenter);
  const env = ENVIRONMENTS.find((e) => e === o.environment);
  return dc && env ? { dataCenter: dc, environment: env } : undefined;
}

/** One notification when a session ends on its own, with a Sign In action — never a prompt loop. */
export function notifySignedOut(session: Session, name: () => string | undefined): vscode.Disposable {
  const sub = session.onDidSignOut(({ reason }) => {
    const n = name();
    void vscode.window.showWarningMessage(`${n ? `${n}: ` : ''}${reason} Sign in to Zoho again to keep your jobs updating.`, 'Sign In').then((a) => {
      if (a === 'Sign In') void vscode.commands.executeCommand('zohoBulkJobs.signIn');
    });
  });
  return { dispose: () => sub.dispose() };
}
