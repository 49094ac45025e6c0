// The connection commands: list, rename and remove. listConnections() resolves to plain records
// (no secret); removeConnection(name) signs that connection out (revoking its refresh token) and
// forgets its jobs — asking first only when run from the UI without a name.
import * as vscode from 'vscode';
import type { ConnectionList } from '../jobs/connections/connectionList';
import { keyOf } from '../jobs/connections/jobKey';
import type { JobService } from '../jobs/jobService';
import type { JobStore } from '../jobs/jobStore';
import { isConnectionNode } from './authCommands';
import type { Logger } from './log';
import { pickConnection } from './prompts';
import { clientFor } from './zohoFetcher';

export interface ConnectionSnapshot { name: string; dataCenter: string; environment: string; signedIn: boolean }

export function connectionHandlers(d: { connections: ConnectionList; store: JobStore; service: JobService; logger: Logger }): Record<string, (...args: unknown[]) => unknown> {
  const { connections, store, service, logger } = d;
  const target = async (arg: unknown, title: string): Promise<string | undefined> => {
    if (isConnectionNode(arg)) return arg.connectionId;
    if (arg !== undefined && arg !== null) return connections.resolve(arg);
    if (connections.all().length === 0) throw new Error('No Zoho connection has been added yet.');
    if (connections.all().length === 1) return connections.all()[0].id;
    return pickConnection(connections, title);
  };

  return {
    'zohoBulkJobs.listConnections': (): ConnectionSnapshot[] => connections.all().map((c) => ({
      name: c.name, dataCenter: c.dataCenter, environment: c.environment, signedIn: connections.session(c.id).state.signedIn,
    })),

    'zohoBulkJobs.renameConnection': async (arg?: unknown, nameArg?: unknown) => {
      const id = await target(arg, 'Rename which Zoho connection?');
      if (id === undefined) return undefined;
      let name = nameArg;
      if (name === undefined) {
        const now = connections.get(id)?.name ?? '';
        name = await vscode.window.showInputBox({
          title: 'Rename the Zoho connection', value: now,
          validateInput: (v) => connections.nameProblemFor(v, id),
        });
        if (name === undefined) return undefined;
      }
      const info = await connections.rename(id, name);
      return info.name;
    },

    'zohoBulkJobs.removeConnection': async (arg?: unknown) => {
      const interactive = arg === undefined || isConnectionNode(arg);
      const id = await target(arg, 'Remove which Zoho connection?');
      if (id === undefined) return false;
      const info = connections.get(id);
      if (!info) return false;
      const jobs = store.ofConnection(id);
      if (interactive) {
        const ok = await vscode.window.showWarningMessage(
          `Remove the Zoho connection "${info.name}"? It is signed out (its refresh token revoked) and its ${jobs.length} tracked job${jobs.length === 1 ? '' : 's'} are no longer tracked. Nothing changes in Zoho CRM.`,
          { modal: true }, 'Remove');
        if (ok !== 'Remove') return false;
      }
      await connections.session(id).signOut();
      await service.removeMany(jobs.map(keyOf));
      await connections.remove(id);
      logger.log('info', `Removed the Zoho connection "${info.name}" and its ${jobs.length} job(s).`);
      return true;
    },
  };
}

/** After a sign-in: the org's name, id, zgid and edition for the tooltip (and the name, unless the user chose one). Best effort. */
export async function learnOrg(connections: ConnectionList, id: string, logger: Logger, version: string): Promise<void> {
  try {
    const org = await clientFor(connections.session(id), logger, version).getOrg(AbortSignal.timeout(5000));
    await connections.setOrg(id, { id: org.id, ...(org.companyName ? { name: org.companyName } : {}), ...(org.zgid ? { zgid: org.zgid } : {}), ...(org.edition ? { edition: org.edition } : {}), ...(org.type ? { type: org.type } : {}) });
  } catch (e) {
    if (!connections.get(id)) return; // removed meanwhile (or the extension was deactivated)
    logger.log('info', `Could not read the organisation of a Zoho connection (its name stays as it is): ${e instanceof Error ? e.message : String(e)}`);
  }
}
