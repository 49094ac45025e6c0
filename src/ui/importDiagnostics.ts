// The Problems panel for import CSVs: what checkCsv found, as diagnostics on the file, like a
// linter. Owned by the import command; a file's entries are replaced by each check (cleared when
// it is fine) and the file is checked again when it is saved while it has entries.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkCsv, type CsvCheck } from '../jobs/import/csvCheck';

const SOURCE = 'Zoho import';

export class CsvDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('zohoBulkJobsImport');
  private readonly subs: vscode.Disposable[];

  constructor() {
    this.subs = [
      this.collection,
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (!this.collection.has(doc.uri)) return;
        void checkCsv(doc.uri.fsPath).then((c) => this.show(doc.uri, c), () => undefined);
      }),
    ];
  }

  /** Shows the check's problems on the file (none: its entries are cleared). */
  show(uri: vscode.Uri, check: CsvCheck): void {
    if (check.problems.length === 0) { this.collection.delete(uri); return; }
    this.collection.set(uri, check.problems.map((p) => {
      const line = Math.max(0, p.line - 1);
      const col = Math.max(0, (p.column ?? 1) - 1);
      const d = new vscode.Diagnostic(new vscode.Range(line, col, line, p.column ? col + 1 : 10_000), p.message,
        p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = SOURCE;
      d.code = p.code;
      return d;
    }));
  }

  clear(uri: vscode.Uri): void { this.collection.delete(uri); }

  /** What the Problems panel shows for a file (tests read it through vscode.languages.getDiagnostics too). */
  count(uri: vscode.Uri): number { return this.collection.get(uri)?.length ?? 0; }

  dispose(): void { for (const s of this.subs) s.dispose(); }
}

export const csvName = (uri: vscode.Uri): string => path.basename(uri.fsPath);
