// Builds the Zoho client from the current settings and the token store, and rebuilds it when
// the settings change. The job service only sees `getJob`.
import { ZohoClient } from '../zoho/client';
import type { JobFetcher } from '../jobs/jobService';
import type { JobKind } from '../zoho/types';
import type { Logger } from './log';
import { apiBaseOf, readSettings } from './settings';
import type { TokenStore } from './tokenStore';

export interface ZohoFetcher extends JobFetcher {
  /** re-read the settings (called on configuration changes) */
  reload(): void;
}

export function createZohoFetcher(deps: { tokens: TokenStore; logger: Logger; version: string }): ZohoFetcher {
  const { tokens, logger } = deps;
  const build = () => {
    const settings = readSettings((m) => logger.log('warn', m));
    return new ZohoClient({
      apiBase: apiBaseOf(settings),
      version: settings.apiVersion,
      tokens,
      userAgent: `zoho-bulk-jobs-vscode/${deps.version}`,
      log: logger.log,
    });
  };
  let client = build();
  return {
    getJob: (kind: JobKind, id: string, signal?: AbortSignal) => client.getJob(kind, id, signal),
    reload: () => { client = build(); },
  };
}
