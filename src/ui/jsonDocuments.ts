// Read-only JSON documents of each job's last full response, on our own URI scheme with a
// .json path so they highlight. They update when the job refreshes; for a job that never
// loaded they show the error.
import * as vscode from 'vscode';
import { keyOf } from '../jobs/connections/jobKey';
import type { JobStore } from '../jobs/jobStore';
import type { TrackedJob } from '../jobs/trackedJob';
import { prettyJson } from '../zoho/json';

export const JSON_SCHEME = 'zoho-bulk-job';

/** `/write/<id>.json`; a job of another connection than the first: `/write/c2~<id>.json` (its store key). */
export function jobJsonUri(job: Pick<TrackedJob, 'id' | 'kind' | 'connection'>): vscode.Uri {
  return vscode.Uri.from({ scheme: JSON_SCHEME, path: `/${job.kind}/${keyOf(job)}.json` });
}

/** The store key the URI names. */
export function jobIdFromUri(uri: vscode.Uri): string | undefined {
  return /\/((?:c\d{1,6}~)?\d{1,25})\.json$/.exec(uri.path)?.[1];
}

export function jobJsonText(job: TrackedJob): string {
  if (job.rawJson !== undefined) {
    try { return `${prettyJson(job.rawJson)}\n`; } catch { return job.rawJson; }
  }
  const error = job.error
    ? { code: job.error.code, ...(job.error.httpStatus ? { httpStatus: job.error.httpStatus } : {}), message: job.error.message }
    : { message: 'Not loaded yet.' };
  return JSON.stringify({ id: job.id, kind: job.kind, error }, null, 2) + '\n';
}

export class JobJsonProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subs: { dispose(): void }[];

  constructor(private readonly store: JobStore) {
    this.subs = [store.onDidChangeJob(({ job }) => {
      const uri = jobJsonUri(job);
      if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.changed.fire(uri);
    })];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = jobIdFromUri(uri);
    const job = id ? this.store.get(id) : undefined;
    if (!job) return JSON.stringify({ id, error: { message: 'This job is no longer tracked.' } }, null, 2) + '\n';
    return jobJsonText(job);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
  }
}
