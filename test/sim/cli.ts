// Runs the Zoho bulk-API simulator from the command line (npm run sim -- --port 38111 --token t).
//   npx tsx test/sim/cli.ts [--port 38111] [--host 127.0.0.1] [--token sim-token] [--latency 50]
//                           [--time-scale 1] [--no-seed] [--token-lifetime 3600]
import { CONTROL_ENDPOINTS } from './control';
import { BIG_FILE_ID, BIG_FILE_ID_JOB_ID, SEEDED_READ_JOB_IDS, SEEDED_WRITE_JOB_IDS, SEED_JOB_ID } from './seedJobs';
import { startSimulator } from './server';
import type { SimOptions } from './types';

const USAGE = 'usage: tsx test/sim/cli.ts [--port <n>] [--host <h>] [--token <t>] [--latency <ms>] [--time-scale <x>] [--no-seed] [--token-lifetime <s>] [--read-per-page <n>]';

function parseArgs(argv: string[]): SimOptions {
  const opts: SimOptions = { port: 38111 };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number >= 0`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port': opts.port = num(flag, value()); break;
      case '--host': opts.host = value(); break;
      case '--token': {
        const t = value();
        if (!t) throw new Error('--token needs a value');
        opts.token = t;
        break;
      }
      case '--latency': opts.latencyMs = num(flag, value()); break;
      case '--time-scale': opts.timeScale = num(flag, value()); break;
      case '--no-seed': opts.seed = false; break;
      case '--token-lifetime': opts.accessTokenLifetimeSec = num(flag, value()); break;
      case '--read-per-page': opts.readPerPage = num(flag, value()); break;
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const sim = await startSimulator(opts);
  const writeIds = opts.seed === false ? [SEED_JOB_ID] : [...SEEDED_WRITE_JOB_IDS];
  const readIds = opts.seed === false ? [] : [...SEEDED_READ_JOB_IDS];
  const lines = [
    `Zoho bulk API simulator listening on ${sim.url}`,
    `  token:   ${sim.token}   (send: Authorization: Zoho-oauthtoken ${sim.token})`,
    opts.latencyMs ? `  latency: ${opts.latencyMs} ms on every API response` : '',
    `  accounts server (OAuth): POST ${sim.url}/oauth/v2/token, /oauth/v2/token/revoke`,
    `    self client: ${sim.oauth.client.clientId} / ${sim.oauth.client.clientSecret}; a grant code: POST ${sim.url}/__sim/oauth/grant-code`,
    `    access tokens live ${opts.accessTokenLifetimeSec ?? 3600} s (--token-lifetime <s>)`,
    '  bulk write jobs (GET /crm/bulk/{v2..v8}/write/{id}):',
    ...writeIds.map((id) => `    ${id}${id === SEED_JOB_ID ? '  (captured seed job)' : ''}${id === BIG_FILE_ID_JOB_ID ? `  (bare int64 file_id ${BIG_FILE_ID})` : ''}`),
    readIds.length ? '  bulk read jobs (GET /crm/bulk/{v2..v8}/read/{id}):' : '',
    ...readIds.map((id) => `    ${id}`),
    `  try:    curl -s --compressed -H 'Authorization: Zoho-oauthtoken ${sim.token}' ${sim.url}/crm/bulk/v2/write/${SEED_JOB_ID}`,
    '  control (no auth):',
    ...CONTROL_ENDPOINTS.map((e) => `    ${e.replace(' /', ` ${sim.url}/`)}`),
    '  Ctrl-C to stop.',
  ];
  console.log(lines.filter((l) => l !== '').join('\n'));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping simulator`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
