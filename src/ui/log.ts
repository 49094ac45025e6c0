// Logging through VS Code's LogOutputChannel ("Zoho Bulk Jobs" in the Output panel). Every
// line passes through the one redactor (src/zoho/redact.ts): secrets registered there are
// replaced exactly, and anything shaped like a Zoho token is masked.
import * as vscode from 'vscode';
import { redactSecrets, registerSecret } from '../zoho/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export class Logger implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(name = 'Zoho Bulk Jobs') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Registers a secret value to mask wherever it appears (tokens, client secrets). */
  addSecret(value: string | undefined): void {
    registerSecret(value);
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
    return redactSecrets(message);
  }

  show(): void { this.channel.show(true); }

  dispose(): void { this.channel.dispose(); }
}
