// The simulator's own control API under /__sim (no auth), for the demo and for tests that run
// the simulator in another process. Bodies are JSON; `times: "Infinity"` stands for Infinity.
//
//   POST /__sim/jobs          {kind:'write'|'read', ...spec}  → 201 {id}
//   GET  /__sim/jobs                                          → {jobs:[{id, kind, module, status}]}
//   POST /__sim/status        {id, status}                    → {ok:true}
//   POST /__sim/expire-link   {id, style?:'json'|'text'}      → {ok:true}  (result link → 403 Link not valid)
//   POST /__sim/fault         Fault                           → {ok:true}
//   POST /__sim/clear-faults                                  → {ok:true}
//   POST /__sim/advance       {ms}                            → {ok:true}
//   POST /__sim/reset                                         → {ok:true}
//   GET  /__sim/requests                                      → {requests:[…]}
//   POST /__sim/oauth/grant-code {expiresInSec?, scope?}      → {code, clientId, clientSecret}
//   POST /__sim/oauth/lifetime   {seconds}                    → {ok:true}
//   POST /__sim/read-count       {module, count}              → {ok:true}  (records a created read job of the module exports)
import { validateFault } from './faults';
import type { Job } from './jobStore';
import type { ReadJobSpec, Simulator, WriteJobSpec } from './types';

export const CONTROL_PREFIX = '/__sim';

export const CONTROL_ENDPOINTS = [
  'POST /__sim/jobs',
  'GET  /__sim/jobs',
  'POST /__sim/status',
  'POST /__sim/expire-link',
  'POST /__sim/fault',
  'POST /__sim/clear-faults',
  'POST /__sim/advance',
  'POST /__sim/reset',
  'GET  /__sim/requests',
  'POST /__sim/oauth/grant-code',
  'POST /__sim/oauth/lifetime',
  'POST /__sim/read-count',
];

export interface ControlTarget extends Simulator {
  listJobs(): { job: Job; status: string }[];
}

export interface ControlReply {
  status: number;
  json: unknown;
}

const ok: ControlReply = { status: 200, json: { ok: true } };

function parse(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  const v = JSON.parse(body, (_k, x) => (x === 'Infinity' ? Infinity : x)) as unknown;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('body must be a JSON object');
  return v as Record<string, unknown>;
}

export function handleControl(method: string, path: string, body: string, sim: ControlTarget): ControlReply {
  const route = `${method} ${path.slice(CONTROL_PREFIX.length) || '/'}`;
  try {
    switch (route) {
      case 'POST /jobs': {
        const { kind, ...spec } = parse(body);
        if (kind === 'write') return { status: 201, json: { id: sim.addWriteJob(spec as unknown as WriteJobSpec) } };
        if (kind === 'read') return { status: 201, json: { id: sim.addReadJob(spec as unknown as ReadJobSpec) } };
        return { status: 400, json: { error: "kind must be 'write' or 'read'" } };
      }
      case 'GET /jobs':
        return {
          status: 200,
          json: { jobs: sim.listJobs().map(({ job, status }) => ({ id: job.id, kind: job.kind, module: job.module, status })) },
        };
      case 'POST /status': {
        const { id, status } = parse(body);
        if (typeof id !== 'string' || typeof status !== 'string') return { status: 400, json: { error: 'need {id, status} strings' } };
        sim.setStatus(id, status);
        return ok;
      }
      case 'POST /expire-link': {
        const { id, style } = parse(body);
        if (typeof id !== 'string' || (style !== undefined && style !== 'json' && style !== 'text')) {
          return { status: 400, json: { error: "need {id, style?: 'json'|'text'}" } };
        }
        sim.expireLinks(id, style);
        return ok;
      }
      case 'POST /fault':
        sim.injectFault(validateFault(parse(body)));
        return ok;
      case 'POST /clear-faults':
        sim.clearFaults();
        return ok;
      case 'POST /advance': {
        const { ms } = parse(body);
        sim.advance(ms as number);
        return ok;
      }
      case 'POST /reset':
        sim.reset();
        return ok;
      case 'GET /requests':
        return { status: 200, json: { requests: sim.requests } };
      case 'POST /oauth/grant-code': {
        const { expiresInSec, scope } = parse(body);
        if (expiresInSec !== undefined && typeof expiresInSec !== 'number') return { status: 400, json: { error: 'expiresInSec must be a number' } };
        if (scope !== undefined && typeof scope !== 'string') return { status: 400, json: { error: 'scope must be a string' } };
        const code = sim.oauth.issueGrantCode({ expiresInSec, scope });
        return { status: 200, json: { code, clientId: sim.oauth.client.clientId, clientSecret: sim.oauth.client.clientSecret } };
      }
      case 'POST /oauth/lifetime': {
        const { seconds } = parse(body);
        if (typeof seconds !== 'number') return { status: 400, json: { error: 'need {seconds} as a number' } };
        sim.oauth.setLifetime(seconds);
        return ok;
      }
      case 'POST /read-count': {
        const { module, count } = parse(body);
        if (typeof module !== 'string' || typeof count !== 'number') return { status: 400, json: { error: 'need {module: string, count: number}' } };
        sim.setReadRecordCount(module, count);
        return ok;
      }
      default:
        return { status: 404, json: { error: `unknown control endpoint ${route}`, endpoints: CONTROL_ENDPOINTS } };
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { status: /no such job/.test(message) ? 404 : 400, json: { error: message } };
  }
}
