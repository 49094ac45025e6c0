// The interactive bits of the commands: the Add Job ID input box and the job quick pick.
import * as vscode from 'vscode';
import type { ConnectionList } from '../jobs/connections/connectionList';
import { connectionOf, keyOf } from '../jobs/connections/jobKey';
import { parseJobIdInput, type JobIdOptions, type JobIdParse } from '../jobs/jobIdInput';
import type { JobStore } from '../jobs/jobStore';
import { statusInfo } from '../jobs/statusTable';
import { jobStatus, jobTitle, type TrackedJob } from '../jobs/trackedJob';
import type { DataCenter, Environment } from '../zoho/dataCenters';

/**
 * The Add Job ID input box. `elsewhere` names a link's other data centre as a warning while
 * typing; the link is still returned, for the caller to offer a switch.
 */
export async function promptJobId(opts: JobIdOptions, elsewhere: (p: JobIdParse) => string | undefined): Promise<JobIdParse | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Add Zoho Bulk Job',
    prompt: 'The job ID of a bulk write or bulk read job — or paste its job-details URL or JSON',
    placeHolder: '4150868000005392002',
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (text.trim() === '') return undefined; // no nagging before typing
      const p = parseJobIdInput(text, opts);
      if (!p.ok) return { message: p.reason, severity: vscode.InputBoxValidationSeverity.Error };
      const other = elsewhere(p);
      return other ? { message: other, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  if (value === undefined || value.trim() === '') return undefined;
  return parseJobIdInput(value, opts);
}

/**
 * A link from another data centre or environment: says so and offers "Sign In to <DC>", which
 * runs the sign-in command with that data centre and environment preselected. True when the
 * session then matches (`matchesNow`), so the job can be added; false when the user declines.
 */
export async function offerSignInElsewhere(
  elsewhere: { dataCenter: DataCenter; environment: Environment; message: string },
  matchesNow: () => boolean,
): Promise<boolean> {
  const { dataCenter, environment } = elsewhere;
  const action = `Sign In to ${dataCenter}${environment === 'production' ? '' : ` (${environment})`}`;
  const picked = await vscode.window.showWarningMessage(`${elsewhere.message} Your other tracked jobs would then be looked up there too.`, action);
  if (picked !== action) return false;
  try {
    await vscode.commands.executeCommand('zohoBulkJobs.signIn', undefined, { dataCenter, environment });
  } catch {
    return false; // the sign-in command has already shown why
  }
  return matchesNow();
}

/** Picks a tracked job (for palette invocations without an argument); resolves to its store key. */
/** The job quick pick; with several connections each job names its connection (the same id may be on two). */
export async function pickJob(store: JobStore, title: string, filter: (j: TrackedJob) => boolean = () => true, noneFits = 'No tracked job fits.', connections?: ConnectionList): Promise<string | undefined> {
  const jobs = store.sorted().filter(filter);
  if (jobs.length === 0) {
    void vscode.window.showInformationMessage(store.size === 0 ? 'No Zoho bulk jobs are tracked yet. Add one with "Zoho Bulk Jobs: Add Job ID".' : noneFits);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(jobs.map((j) => ({
    label: `$(${statusInfo(jobStatus(j)).icon.replace('~spin', '')}) ${jobTitle(j)}`,
    description: connections?.several ? `${j.id} · ${connections.nameOf(connectionOf(j))}` : j.id,
    detail: statusInfo(jobStatus(j)).label + (j.error ? ` — last refresh failed: ${j.error.message}` : ''),
    id: keyOf(j),
  })), { title, matchOnDescription: true, placeHolder: 'Pick a job' });
  return picked?.id;
}

/** The connection to use: the only one, the one selected in the tree, or (with several) the one picked. */
export async function pickConnection(connections: ConnectionList, title: string, selected?: string): Promise<string | undefined> {
  const all = connections.all();
  if (all.length <= 1) return connections.defaultId();
  if (selected && connections.get(selected)) return selected;
  const picked = await vscode.window.showQuickPick(all.map((c) => ({
    label: c.name,
    description: `${c.dataCenter}${c.environment === 'production' ? '' : ` ${c.environment}`}`,
    detail: connections.session(c.id).state.signedIn ? undefined : 'signed out',
    id: c.id,
  })), { title, placeHolder: 'Pick a Zoho connection' });
  return picked?.id;
}
