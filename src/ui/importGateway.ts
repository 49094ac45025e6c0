// Builds the import gateway from the current settings and sign-in (as zohoFetcher.ts builds the
// poll client): a new gateway, so a new org lookup, whenever the sign-in or the settings change.
import { clientGateway } from '../jobs/import/clientGateway';
import type { ImportGateway } from '../jobs/import/importGateway';
import type { Session } from '../jobs/session';
import { ZohoClient } from '../zoho/client';
import type { Logger } from './log';
import { readSettings } from './settings';
import { apiBaseFor } from './zohoFetcher';

export function importGatewayFactory(deps: { session: Session; logger: Logger; version: string }): { gateway: () => ImportGateway; dispose(): void } {
  const { session, logger } = deps;
  let cached: { key: string; gateway: ImportGateway } | undefined;
  // signed out: the next sign-in may be another org
  const sub = session.onDidChange((s) => { if (!s.signedIn) cached = undefined; });
  const gateway = (): ImportGateway => {
    const settings = readSettings((m) => logger.log('warn', m));
    const s = session.state;
    // the org (zgid) is cached per sign-in and target
    const key = JSON.stringify([apiBaseFor(settings, session), settings.apiVersion, s.dataCenter, s.environment, s.method, s.signedIn]);
    if (cached?.key === key) return cached.gateway;
    const client = new ZohoClient({
      apiBase: () => apiBaseFor(settings, session),
      version: settings.apiVersion,
      tokens: session,
      userAgent: `zoho-bulk-jobs-vscode/${deps.version}`,
      log: logger.log,
    });
    cached = { key, gateway: clientGateway(() => client) };
    return cached.gateway;
  };
  return { gateway, dispose: () => sub.dispose() };
}
