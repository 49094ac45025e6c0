// Sign In / Sign Out / Set Access Token / Clear Token. Given options they never prompt and
// settle when signed in (or reject with an Error that says why).
import * as vscode from 'vscode';
import type { JobService } from '../jobs/jobService';
import type { JobStore } from '../jobs/jobStore';
import type { Session } from '../jobs/session';
import { validateSignIn } from '../jobs/signInOptions';
import { DATA_CENTERS, ENVIRONMENTS, type DataCenter, type Environment } from '../zoho/dataCenters';
import { describeError } from '../zoho/errors';
import type { Logger } from './log';
import { readSettings } from './settings';
import { runSignInFlow } from './signInFlow';

export interface AuthDeps { session: Session; store: JobStore; service: JobService; logger: Logger }

export function authHandlers(d: AuthDeps): Record<string, (...args: unknown[]) => unknown> {
  const { session, store, service, logger } = d;
  const defaults = () => {
    const s = readSettings();
    return { dataCenter: s.dataCenter, environment: s.environment };
  };

  const signIn = async (options: unknown, interactive: boolean) => {
    const valid = validateSignIn(options, defaults());
    try {
      const state = await session.signIn(valid);
      if (interactive) {
        const until = state.method === 'accessToken' ? ' This access token works for one hour; a Self Client keeps you signed in.' : '';
        void vscode.window.showInformationMessage(`Signed in to Zoho CRM (${state.dataCenter}, ${state.environment}).${until}`);
      }
    } catch (e) {
      throw new Error(describeError(e));
    }
    // jobs that could not load while signed out get another chance now
    void service.refreshMany(store.all().filter((j) => j.error !== undefined || j.data === undefined));
  };

  return {
    // (undefined, {dataCenter, environment}): the interactive flow with that data centre preselected
    'zohoBulkJobs.signIn': async (options?: unknown, preselect?: unknown) => {
      if (options !== undefined) return signIn(options, false);
      const picked = await runSignInFlow(preselected(preselect) ?? defaults());
      if (picked) await signIn(picked, true);
    },
    'zohoBulkJobs.signOut': async () => {
      await session.signOut();
      logger.log('info', 'Signed out of Zoho; every stored secret was removed.');
    },
    'zohoBulkJobs.setAccessToken': async (token?: unknown) => {
      if (token !== undefined) return signIn({ method: 'accessToken', accessToken: token }, false);
      const entered = await vscode.window.showInputBox({
        title: 'Zoho Access Token', password: true, ignoreFocusOut: true, placeHolder: '1000.xxxxxxxx.xxxxxxxx',
        prompt: 'A Zoho CRM access token (scope ZohoCRM.bulk.ALL). Stored only in VS Code\'s secret storage; it lasts one hour.',
      });
      if (entered?.trim()) await signIn({ method: 'accessToken', accessToken: entered }, true);
    },
    'zohoBulkJobs.clearToken': async () => {
      await session.signOut({ revoke: false });
      logger.log('info', 'Zoho credentials cleared.');
    },
  };
}

function preselected(v: unknown): { dataCenter: DataCenter; environment: Environment } | undefined {
  const o = (typeof v === 'object' && v !== null ? v : {}) as { dataCenter?: unknown; environment?: unknown };
  const dc = DATA_CENTERS.find((d) => d === o.dataCenter);
  const env = ENVIRONMENTS.find((e) => e === o.environment);
  return dc && env ? { dataCenter: dc, environment: env } : undefined;
}

/** One notification when the session ends on its own, with a Sign In action — never a prompt loop. */
export function notifySignedOut(session: Session): vscode.Disposable {
  const sub = session.onDidSignOut(({ reason }) => {
    void vscode.window.showWarningMessage(`${reason} Sign in to Zoho again to keep your jobs updating.`, 'Sign In').then((a) => {
      if (a === 'Sign In') void vscode.commands.executeCommand('zohoBulkJobs.signIn');
    });
  });
  return { dispose: () => sub.dispose() };
}
