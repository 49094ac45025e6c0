// Builds each connection's Zoho client from the current settings and its session, and rebuilds
// them when the settings change. Requests go to: the override (if set; refused unless Zoho or loopback), else
// the api_domain Zoho named at sign-in, else the data centre's API domain. The session sends no token
// where its credentials were not issued for (see jobs/credentials.ts targetProblem).
import { ZohoClient, type KnownJob } from '../zoho/client';
import { endpointsFor } from '../zoho/dataCenters';
import { expiryFromHeader } from '../zoho/tokenManager';
import type { JobFetcher } from '../jobs/jobService';
import type { ResultDownloader } from '../jobs/results/resultService';
import type { ConnectionList } from '../jobs/connections/connectionList';
import { FIRST_CONNECTION } from '../jobs/connections/jobKey';
import type { Session } from '../jobs/session';
import type { JobKind } from '../zoho/types';
import type { Logger } from './log';
import { readSettings, type Settings } from './settings';

export interface ZohoFetcher extends JobFetcher, ResultDownloader {
  /** re-read the settings (called on configuration changes) */
  reload(): void;
}

export function apiBaseFor(settings: Settings, session: Session): string {
  const override = session.apiOverride; // the setting, or while several connections exist the connection's own address
  if (override) return override;
  if (session.apiDomain) return session.apiDomain;
  const s = session.state;
  return endpointsFor(s.dataCenter ?? settings.dataCenter, s.environment ?? settings.environment).apiDomain;
}

/** The Zoho client of one connection: its session's token, its API address. */
export function clientFor(session: Session, logger: Logger, version: string): ZohoClient {
  const settings = readSettings((m) => logger.log('warn', m));
  return new ZohoClient({
    apiBase: () => apiBaseFor(settings, session),
    version: settings.apiVersion,
    tokens: session,
    userAgent: `zoho-bulk-jobs-vscode/${version}`,
    log: logger.log,
  });
}

/** Routes each request to its connection's client (made once per connection, anew when the settings change). */
export function createZohoFetcher(deps: { connections: ConnectionList; logger: Logger; version: string }): ZohoFetcher {
  const { connections, logger } = deps;
  const clients = new Map<string, { session: Session; client: ZohoClient }>();
  const of = (connection: string | undefined) => {
    const id = connection ?? FIRST_CONNECTION;
    const session = connections.session(id);
    let c = clients.get(id);
    if (!c || c.session !== session) clients.set(id, c = { session, client: clientFor(session, logger, deps.version) });
    return c;
  };
  return {
    getJob: async (kind: JobKind, id: string, signal?: AbortSignal, known?: KnownJob, connection?: string) => {
      const { session, client } = of(connection);
      const epoch = session.tokenEpoch; // an answer for a token replaced meanwhile must not stamp its expiry on the new one
      const fetched = await client.getJob(kind, id, signal, known);
      if (fetched.accessTokenReset) void session.noteAccessTokenExpiry(expiryFromHeader(fetched.accessTokenReset), epoch);
      return fetched;
    },
    downloadResult: ({ connection, ...req }) => of(connection).client.downloadResult(req),
    reload: () => { clients.clear(); },
  };
}
