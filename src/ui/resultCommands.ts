// "Download Result": progress with cancel (bytes, and Zoho's download throttle in plain words),
// the CSV saved under the results folder and opened. Resolves to the CSV's Uri.
import * as path from 'path';
import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import type { ResultService } from '../jobs/results/resultService';
import { describeError, ZohoError } from '../zoho/errors';
import type { Logger } from './log';
import { SECTION } from './settings';

const OPEN_LIMIT_BYTES = 50 * 1024 * 1024; // bigger CSVs are revealed, not opened

/** <setting> | <workspace>/.zoho-bulk/results | <global storage>/results */
export function resultsRoot(globalStorage: vscode.Uri): string {
  const configured = vscode.workspace.getConfiguration(SECTION).inspect<string>('resultsFolder')?.globalValue?.trim();
  if (configured && path.isAbsolute(configured)) return configured;
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder ? path.join(folder.uri.fsPath, '.zoho-bulk', 'results') : path.join(globalStorage.fsPath, 'results');
}

export function downloadResultHandler(d: { store: JobStore; results: ResultService; logger: Logger; globalStorage: vscode.Uri; pick(title: string): Promise<string | undefined> }) {
  return async (id: string | undefined, interactive: boolean): Promise<vscode.Uri | undefined> => {
    if (!id) id = await d.pick('Download the result of a Zoho bulk job');
    if (!id) return undefined;
    const job = d.store.get(id);
    if (!job) throw new Error(`Job ${id} is not tracked. Add it first with zohoBulkJobs.addJob.`);
    const root = resultsRoot(d.globalStorage);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Downloading the result of job ${id}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        let last = 0;
        try {
          return await d.results.download(id as string, {
            root, signal: abort.signal,
            onProgress: (p) => {
              const mb = (n: number) => (n / 1048576).toFixed(1);
              const pct = p.totalBytes ? Math.floor((p.receivedBytes / p.totalBytes) * 100) : undefined;
              const increment = pct !== undefined && pct > last ? pct - last : undefined;
              if (pct !== undefined) last = pct;
              progress.report({ message: p.message ?? `${mb(p.receivedBytes)}${p.totalBytes ? ` of ${mb(p.totalBytes)}` : ''} MB`, increment });
            },
          });
        } finally {
          sub.dispose();
        }
      },
    ).then(undefined, (e: unknown) => {
      if (e instanceof ZohoError && e.code === 'ABORTED') d.logger.log('info', `Download of job ${id}'s result cancelled.`);
      throw new Error(describeError(e));
    });
    const uri = vscode.Uri.file(result.csvPath);
    d.logger.log('info', `Saved the result of job ${id}: ${result.csvPath} (${result.rows} rows).`);
    const size = (await vscode.workspace.fs.stat(uri)).size;
    if (size <= OPEN_LIMIT_BYTES) {
      await vscode.window.showTextDocument(uri, { preview: false });
    } else if (interactive) {
      void vscode.window.showInformationMessage(`The result is ${(size / 1048576).toFixed(0)} MB, too large to open in the editor. Saved at ${result.csvPath}.`, 'Reveal').then((a) => {
        if (a === 'Reveal') void vscode.commands.executeCommand('revealFileInOS', uri);
      });
    }
    return uri;
  };
}
