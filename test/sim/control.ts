// The simulator's own control API under /__sim (no auth), for the demo and for tests that run
// the simulator in another process. Bodies are JSON; `times: "Infinity"` stands for Infinity.
//
//   POST /__sim/jobs          {kind:'write'|'read', ...spec}  → 201 {id}
//   GET  /__sim/jobs                                          → {jobs:[{id, kind, module, status}]}
//   POST /__sim/status        {id, status}                    → {ok:true}
//   POST /__sim/fault         Fault                           → {ok:true}
//   POST /__sim/clear-faults                                  → {ok:true}
//   POST /__sim/advance       {ms}                            → {ok:true}
//   POST /__sim/reset                                         → {ok:true}
//   GET  /__sim/requests                                      → {requests:[…]}
import { validateFault } from './faults';
import type { Job } from './jobStore';
import type { ReadJobSpec, Simulator, WriteJobSpec } from './types';

export const CONTROL_PREFIX = '/__sim';

export const CONTROL_ENDPOINTS = [
  'POST /__sim/jobs',
  'GET  /__sim/jobs',
  'POST /__sim/status',
  'POST /__sim/fault',
  'POST /__sim/clear-faults',
  'POST /__sim/advance',
  'POST /__sim/reset',
  'GET  /__sim/requests',
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
      default:
        return { status: 404, json: { error: `unknown control endpoint ${route}`, endpoints: CONTROL_ENDPOINTS } };
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { status: /no such job/.test(message) ? 404 : 400, json: { error: message } };
  }
}
