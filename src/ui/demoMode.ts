// `npm run demo` starts VS Code with ZOHO_BULK_JOBS_DEMO_TOKEN / ZOHO_BULK_JOBS_DEMO_JOBS set and
// the API pointed at a loopback simulator. Only then — never for a real Zoho host — the
// extension signs in with that token and tracks those jobs, so the demo opens ready to watch.
import type { JobService } from '../jobs/jobService';
import type { ConnectionList } from '../jobs/connections/connectionList';
import { checkApiBase, isLoopback } from '../zoho/dataCenters';
import type { Logger } from './log';
import { readSettings } from './settings';

export async function applyDemoEnvironment(env: NodeJS.ProcessEnv, connections: ConnectionList, service: JobService, logger: Logger): Promise<void> {
  const token = env.ZOHO_BULK_JOBS_DEMO_TOKEN?.trim();
  if (!token) return;
  const settings = readSettings();
  const api = checkApiBase(settings.apiDomainOverride);
  if (!api.ok || !isLoopback(api.url)) {
    logger.log('warn', 'Ignoring ZOHO_BULK_JOBS_DEMO_TOKEN: the demo only runs against a loopback simulator (zohoBulkJobs.apiDomainOverride).');
    return;
  }
  const session = connections.session(connections.defaultId());
  await session.ready();
  if (!session.state.signedIn) {
    await session.signIn({ method: 'accessToken', accessToken: token, dataCenter: settings.dataCenter, environment: settings.environment });
    await connections.listed(connections.defaultId(), { dataCenter: settings.dataCenter, environment: settings.environment });
  }
  const ids = (env.ZOHO_BULK_JOBS_DEMO_JOBS ?? '').split(',').map((s) => s.trim()).filter((s) => /^\d{1,25}$/.test(s));
  await Promise.all(ids.map((id) => service.add(id)));
  logger.log('info', `Demo: signed in to the simulator at ${api.url.origin} and tracking ${ids.length} jobs.`);
}
