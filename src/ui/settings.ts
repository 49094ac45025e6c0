// Reads the `zohoBulkJobs.*` settings. Host-related settings are read from user settings
// only (globalValue): a workspace can never redirect the token to another host, even if
// VS Code's application scope were bypassed.
import * as vscode from 'vscode';
import { checkApiBase, DATA_CENTERS, ENVIRONMENTS, type DataCenter, type Environment } from '../zoho/dataCenters';

export const SECTION = 'zohoBulkJobs';
export const API_VERSIONS = ['v2', 'v2.1', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'] as const;

export interface Settings {
  dataCenter: DataCenter;
  environment: Environment;
  apiVersion: string;
  /** '' when unset */
  apiDomainOverride: string;
}

function userValue<T>(cfg: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const i = cfg.inspect<T>(key);
  return i?.globalValue ?? i?.defaultValue;
}

export function readSettings(warn?: (msg: string) => void): Settings {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T, userOnly: boolean): T => {
    const v = userOnly ? userValue<unknown>(cfg, key) : cfg.get<unknown>(key);
    if (v === undefined || (allowed as readonly unknown[]).includes(v)) return (v as T | undefined) ?? fallback;
    warn?.(`Setting ${SECTION}.${key} has an unsupported value ${JSON.stringify(v)}; using "${fallback}". Allowed: ${allowed.join(', ')}.`);
    return fallback;
  };
  const override = userValue<unknown>(cfg, 'apiDomainOverride');
  return {
    dataCenter: pick('dataCenter', DATA_CENTERS, 'US', true),
    environment: pick('environment', ENVIRONMENTS, 'production', true),
    apiVersion: pick('apiVersion', API_VERSIONS, 'v8', false),
    apiDomainOverride: typeof override === 'string' ? override.trim() : '',
  };
}


/** A refusal message for the override, or undefined when it is empty or acceptable. */
export function overrideProblem(s: Settings): string | undefined {
  if (!s.apiDomainOverride) return undefined;
  const c = checkApiBase(s.apiDomainOverride);
  return c.ok ? undefined : `${SECTION}.apiDomainOverride is refused: ${c.reason} The token is not sent until it is fixed or cleared.`;
}
