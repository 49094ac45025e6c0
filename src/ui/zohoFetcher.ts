// Builds the Zoho client from the current settings and session, and rebuilds it when the
// settings change. Requests go to: the override (if set; refused unless Zoho or loopback), else
// the api_domain Zoho named at sign-in, else the data centre's API domain. The session sends no token
// where its credentials were not issued for (see jobs/credentials.ts targetProblem).
import { ZohoClient, type KnownJob } from '../zoho/client';
import { endpointsFor } from '../zoho/dataCenters';
import { expiryFromHeader } from '../zoho/tokenManager';
import type { JobFetcher } from '../jobs/jobService';
import type { ResultDownloader } from '../jobs/results/resultService';
import type { Session } from '../jobs/session';
import type { JobKind } from '../zoho/types';
import type { Logger } from './log';
import { readSettings, type Settings } from './settings';

export interface ZohoFetcher extends JobFetcher, ResultDownloader {
  /** re-read the settings (called on configuration changes) */
  reload(): void;
}

export function apiBaseFor(settings: Settings, session: Session): string {
  if (settings.apiDomainOverride) return settings.apiDomainOverride;
  if (session.apiDomain) return session.apiDomain;
  const s = session.state;
  return endpointsFor(s.dataCenter ?? settings.dataCenter, s.environment ?? settings.environment).apiDomain;
}

export function createZohoFetcher(deps: { session: Session; logger: Logger; version: string }): ZohoFetcher {
  const { session, logger } = deps;
  const build = () => {
    const settings = readSettings((m) => logger.log('warn', m));
    return new ZohoClient({
      apiBase: () => apiBaseFor(settings, session),
      version: settings.apiVersion,
      tokens: session,
      userAgent: `zoho-bulk-jobs-vscode/${deps.version}`,
      log: logger.log,
    });
  };
  let client = build();
  return {
    getJob: async (kind: JobKind, id: string, signal?: AbortSignal, known?: KnownJob) => {
      const epoch = session.tokenEpoch; // an answer for a token replaced meanwhile must not stamp its expiry on the new one
      const fetched = await client.getJob(kind, id, signal, known);
      if (fetched.accessTokenReset) void session.noteAccessTokenExpiry(expiryFromHeader(fetched.accessTokenReset), epoch);
      return fetched;
    },
    downloadResult: (req) => client.downloadResult(req),
    reload: () => { client = build(); },
  };
}
