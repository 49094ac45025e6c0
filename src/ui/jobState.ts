// Loads the saved jobs at activation. Entries that cannot be read are dropped: each is logged,
// and the user is told once, with the log one click away — never a crash.
import * as vscode from 'vscode';
import { readJobs } from '../jobs/jobPersistence';
import type { TrackedJob } from '../jobs/trackedJob';
import type { Logger } from './log';

export function loadSavedJobs(state: vscode.Memento, logger: Logger): TrackedJob[] {
  const problems: string[] = [];
  const jobs = readJobs(state, (m) => { problems.push(m); logger.log('warn', m); });
  if (problems.length > 0) {
    void vscode.window.showWarningMessage(`Zoho Bulk Jobs could not read ${problems.length === 1 ? 'one saved entry' : `${problems.length} saved entries`} and left ${problems.length === 1 ? 'it' : 'them'} out; ${jobs.length} job${jobs.length === 1 ? '' : 's'} loaded.`, 'Show Logs')
      .then((a) => { if (a === 'Show Logs') logger.show(); });
  }
  return jobs;
}
