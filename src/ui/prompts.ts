// The interactive bits of the commands: the Add Job ID input box and the job quick pick.
import * as vscode from 'vscode';
import { parseJobIdInput, type JobIdParse } from '../jobs/jobIdInput';
import type { JobStore } from '../jobs/jobStore';
import { statusInfo } from '../jobs/statusTable';
import { jobStatus, jobTitle, type TrackedJob } from '../jobs/trackedJob';

export async function promptJobId(): Promise<JobIdParse | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Add Zoho Bulk Job',
    prompt: 'The job ID of a bulk write or bulk read job — or paste its job-details URL or JSON',
    placeHolder: '4150868000005392002',
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (text.trim() === '') return undefined; // no nagging before typing
      const p = parseJobIdInput(text);
      return p.ok ? undefined : { message: p.reason, severity: vscode.InputBoxValidationSeverity.Error };
    },
  });
  if (value === undefined || value.trim() === '') return undefined;
  return parseJobIdInput(value);
}

/** Picks a tracked job (for palette invocations without an argument). */
export async function pickJob(store: JobStore, title: string, filter: (j: TrackedJob) => boolean = () => true, noneFits = 'No tracked job fits.'): Promise<string | undefined> {
  const jobs = store.sorted().filter(filter);
  if (jobs.length === 0) {
    void vscode.window.showInformationMessage(store.size === 0 ? 'No Zoho bulk jobs are tracked yet. Add one with "Zoho Bulk Jobs: Add Job ID".' : noneFits);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(jobs.map((j) => ({
    label: `$(${statusInfo(jobStatus(j)).icon.replace('~spin', '')}) ${jobTitle(j)}`,
    description: j.id,
    detail: statusInfo(jobStatus(j)).label + (j.error ? ` — last refresh failed: ${j.error.message}` : ''),
    id: j.id,
  })), { title, matchOnDescription: true, placeHolder: 'Pick a job' });
  return picked?.id;
}
