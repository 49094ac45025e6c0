// Opens the saved jobs at activation (one file per job in the extension's global storage; the old
// globalState list is migrated). What cannot be read is left out: each problem is logged, and the
// user is told once, with the log one click away — never a crash. A save that fails is logged.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openJobs, type OpenedJobs } from '../jobs/jobPersistence';
import type { JobStore } from '../jobs/jobStore';
import type { Logger } from './log';

/** the folder, under the extension's global storage, that holds one file per job */
export const JOBS_FOLDER = 'jobs';

export function openJobState(store: JobStore, globalStorage: vscode.Uri, state: vscode.Memento, logger: Logger): OpenedJobs {
  const problems: string[] = [];
  const opened = openJobs(store, {
    dir: path.join(globalStorage.fsPath, JOBS_FOLDER),
    legacy: state,
    warn: (m) => { problems.push(m); logger.log('warn', m); },
    onError: (m) => logger.log('error', m),
  });
  if (problems.length > 0) {
    const n = store.size;
    void vscode.window.showWarningMessage(`Zoho Bulk Jobs could not read ${problems.length === 1 ? 'one saved entry' : `${problems.length} saved entries`} and left ${problems.length === 1 ? 'it' : 'them'} out (nothing was deleted); ${n} job${n === 1 ? '' : 's'} loaded.`, 'Show Logs')
      .then((a) => { if (a === 'Show Logs') logger.show(); });
  }
  return opened;
}
