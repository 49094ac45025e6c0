// Logging through VS Code's LogOutputChannel ("Zoho Bulk Jobs" in the Output panel). Every
// line passes through the redactor: secrets we hold are replaced exactly, and anything
// shaped like a Zoho token is masked.
import * as vscode from 'vscode';
import { redactSecrets } from '../zoho/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export class Logger implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();

  constructor(name = 'Zoho Bulk Jobs') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Registers a secret value to mask wherever it appears (tokens, client secrets). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  removeSecret(value: string | undefined): void {
    if (value) this.secrets.delete(value);
  }

  readonly log = (level: LogLevel, message: string): void => {
    const text = this.redact(message);
    switch (level) {
      case 'debug': this.channel.debug(text); break;
      case 'info': this.channel.info(text); break;
      case 'warn': this.channel.warn(text); break;
      case 'error': this.channel.error(text); break;
    }
  };

  redact(message: string): string {
    let out = message;
    for (const s of this.secrets) out = out.split(s).join('[redacted]');
    return redactSecrets(out);
  }

  show(): void { this.channel.show(true); }

  dispose(): void { this.channel.dispose(); }
}
