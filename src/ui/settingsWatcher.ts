// Reacts to changes of the `zohoBulkJobs.*` settings: rebuilds the client and tells the user,
// in plain words, when an API host override is refused (the token is then not sent).
import * as vscode from 'vscode';
import type { Logger } from './log';
import { overrideProblem, readSettings, SECTION } from './settings';

export function watchSettings(logger: Logger, fetcher: { reload(): void }): vscode.Disposable {
  const check = (notify: boolean) => {
    const problem = overrideProblem(readSettings((m) => logger.log('warn', m)));
    if (!problem) return;
    logger.log('warn', problem);
    if (notify) {
      void vscode.window.showWarningMessage(problem, 'Open Settings', 'Show Logs').then((a) => {
        if (a === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.apiDomainOverride`);
        if (a === 'Show Logs') logger.show();
      });
    }
  };
  check(true);
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(SECTION)) return;
    fetcher.reload();
    check(true);
  });
}
