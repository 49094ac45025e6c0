// Builds the import gateway of a connection from the current settings and its sign-in (as
// zohoFetcher.ts builds the poll client): a new gateway, so a new org lookup, whenever the sign-in
// or the settings change.
import { clientGateway } from '../jobs/import/clientGateway';
import type { ImportGateway } from '../jobs/import/importGateway';
import type { ConnectionList } from '../jobs/connections/connectionList';
import type { Logger } from './log';
import { readSettings } from './settings';
import { apiBaseFor, clientFor } from './zohoFetcher';

export function importGatewayFactory(deps: { connections: ConnectionList; logger: Logger; version: string }): { gateway: (connection?: string) => ImportGateway; dispose(): void } {
  const { connections, logger } = deps;
  const cached = new Map<string, { key: string; gateway: ImportGateway }>();
  // signed out: the next sign-in may be another org
  const sub = connections.onDidChangeSession((id) => { if (!connections.session(id).state.signedIn) cached.delete(id); });
  const gateway = (connection?: string): ImportGateway => {
    const id = connection ?? connections.defaultId();
    const session = connections.session(id);
    const settings = readSettings((m) => logger.log('warn', m));
    const s = session.state;
    // the org (zgid) is cached per sign-in and target
    const key = JSON.stringify([apiBaseFor(settings, session), settings.apiVersion, s.dataCenter, s.environment, s.method, s.signedIn]);
    const hit = cached.get(id);
    if (hit?.key === key) return hit.gateway;
    const client = clientFor(session, logger, deps.version);
    const made = { key, gateway: clientGateway(() => client) };
    cached.set(id, made);
    return made.gateway;
  };
  return { gateway, dispose: () => sub.dispose() };
}
