// What the last import of a file chose, per file and module, in the workspace's state: a
// re-import starts from it (the same module, operation, find_by and mapping preselected).
// Column names and field api names only: never a value from the file, never a secret.
import type * as vscode from 'vscode';
import type { ImportOperation } from '../jobs/import/autoMap';

const KEY = 'zohoBulkJobs.importChoices';
const MAX_FILES = 100;

export interface ImportChoice {
  operation: ImportOperation;
  findBy?: string;
  mapping: Record<string, string>;
}

interface Stored {
  /** per file (workspace-relative path): the module chosen last, and the choices per module */
  [file: string]: { lastModule: string; byModule: Record<string, ImportChoice>; at: number };
}

export class ImportMemory {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Stored {
    const v = this.state.get<unknown>(KEY);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Stored) : {};
  }

  lastModule(file: string): string | undefined {
    const e = this.all()[file];
    return typeof e?.lastModule === 'string' ? e.lastModule : undefined;
  }

  get(file: string, module: string): ImportChoice | undefined {
    const c = this.all()[file]?.byModule?.[module];
    if (!c || typeof c.mapping !== 'object' || c.mapping === null) return undefined;
    return c;
  }

  async remember(file: string, module: string, choice: ImportChoice): Promise<void> {
    const all = this.all();
    const prev = all[file]?.byModule ?? {};
    all[file] = { lastModule: module, byModule: { ...prev, [module]: choice }, at: Date.now() };
    // the oldest files are forgotten first
    const files = Object.keys(all).sort((a, b) => (all[b].at ?? 0) - (all[a].at ?? 0));
    for (const f of files.slice(MAX_FILES)) delete all[f];
    await this.state.update(KEY, all);
  }
}
