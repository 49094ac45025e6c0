// The tree item of a connection (shown while there are several): its name; data centre,
// environment, signed-in state and job counts beside it; the org's details in the tooltip.
import * as vscode from 'vscode';
import type { ConnectionInfo } from '../jobs/connections/connectionInfo';
import type { SessionState } from '../jobs/session';
import { statusInfo } from '../jobs/statusTable';
import { jobStatus, type TrackedJob } from '../jobs/trackedJob';
import { mdEscape } from './format';

export function connectionItem(c: ConnectionInfo, state: SessionState, jobs: readonly TrackedJob[]): vscode.TreeItem {
  const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `connection:${c.id}`;
  const where = `${c.dataCenter}${c.environment === 'production' ? '' : ` ${c.environment}`}`;
  const running = jobs.filter((j) => !statusInfo(jobStatus(j)).terminal).length;
  const count = `${jobs.length} job${jobs.length === 1 ? '' : 's'}${running ? `, ${running} running` : ''}`;
  const signedOut = !state.signedIn;
  item.description = [where, count, signedOut ? 'signed out — sign in to refresh' : undefined].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(signedOut ? 'debug-disconnect' : 'plug', signedOut ? new vscode.ThemeColor('disabledForeground') : undefined);
  item.contextValue = signedOut ? 'connection.signedOut' : 'connection';
  item.accessibilityInformation = { label: `Zoho connection ${c.name}, ${where}, ${count}${signedOut ? ', signed out' : ''}` };
  const lines = [
    `**${mdEscape(c.name)}**`, '',
    `Data centre: ${c.dataCenter} · ${c.environment}`,
    ...(c.org ? [`Org: ${mdEscape(c.org.name ?? '')} (id ${mdEscape(c.org.id)}${c.org.zgid ? `, zgid ${mdEscape(c.org.zgid)}` : ''})${c.org.edition ? ` · ${mdEscape(c.org.edition)}` : ''}${c.org.type ? ` · ${mdEscape(c.org.type)}` : ''}`] : []),
    signedOut ? 'Signed out: its jobs are kept but not refreshed. Sign in to refresh them.' : `Signed in${state.method === 'accessToken' ? ' with an access token' : ''}`,
    `Jobs: ${count}`,
  ];
  const md = new vscode.MarkdownString(lines.join('  \n'));
  md.isTrusted = false;
  item.tooltip = md;
  return item;
}
