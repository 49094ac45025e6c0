// The interactive Sign In: method → data centre (+ environment) → client ID, secret and grant
// code (or refresh token, or access token). Returns options for Session.signIn, or undefined
// when the user cancels. Secrets are typed into password boxes.
import * as vscode from 'vscode';
import { credentialProblem, type SignInOptions } from '../jobs/signInOptions';
import { DATA_CENTERS, ENVIRONMENTS, endpointsFor, type DataCenter, type Environment } from '../zoho/dataCenters';

export const SCOPES = 'ZohoCRM.bulk.ALL,ZohoCRM.modules.ALL,ZohoCRM.settings.modules.READ,ZohoCRM.settings.fields.READ,ZohoCRM.org.READ,ZohoFiles.files.ALL';
const DC_NAMES: Record<DataCenter, string> = {
  US: 'United States', EU: 'Europe', IN: 'India', AU: 'Australia', JP: 'Japan', CA: 'Canada', SA: 'Saudi Arabia', CN: 'China',
};

export async function runSignInFlow(defaults: { dataCenter: DataCenter; environment: Environment }): Promise<SignInOptions | undefined> {
  const method = await vscode.window.showQuickPick([
    { label: '$(key) Self Client', description: 'recommended — stays signed in', detail: 'Client ID, client secret and a grant code from the Zoho API Console; the extension refreshes tokens by itself.', method: 'selfClient' as const },
    { label: '$(sync) Refresh token I already have', detail: 'With its client ID and client secret.', method: 'refreshToken' as const },
    { label: '$(clock) Access token', detail: 'Works until it expires (one hour); no automatic refresh.', method: 'accessToken' as const },
  ], { title: 'Sign in to Zoho CRM', placeHolder: 'How do you want to sign in?', ignoreFocusOut: true });
  if (!method) return undefined;

  // the default comes first: a single-choice pick starts on its first item
  const first = <T>(all: readonly T[], d: T): T[] => [d, ...all.filter((x) => x !== d)];
  const dc = await vscode.window.showQuickPick(first(DATA_CENTERS, defaults.dataCenter).map((d) => ({
    label: d, description: DC_NAMES[d], detail: `${endpointsFor(d, 'production').accountsUrl}  ·  ${endpointsFor(d, 'production').apiDomain}`, picked: d === defaults.dataCenter,
  })), { title: 'Zoho data centre', placeHolder: `Where your CRM lives (the domain you sign in at; now: ${defaults.dataCenter})`, ignoreFocusOut: true });
  if (!dc) return undefined;
  const env = await vscode.window.showQuickPick(
    first(ENVIRONMENTS, defaults.environment).map((e) => ({ label: e, description: endpointsFor(dc.label, e).apiDomain })),
    { title: 'Zoho environment', ignoreFocusOut: true },
  );
  if (!env) return undefined;
  const base = { method: method.method, dataCenter: dc.label, environment: env.label };

  if (method.method === 'accessToken') {
    const accessToken = await ask('Access token', 'A Zoho CRM access token (scope ZohoCRM.bulk.ALL). It lasts one hour.', true);
    return accessToken === undefined ? undefined : { ...base, accessToken };
  }
  const clientId = await ask('Client ID', `From ${endpointsFor(dc.label, 'production').accountsUrl.replace('accounts', 'api-console')} → Self Client → Client Secret tab.`, false);
  if (clientId === undefined) return undefined;
  const clientSecret = await ask('Client secret', 'From the same tab. Stored only in VS Code\'s secret storage.', true);
  if (clientSecret === undefined) return undefined;
  if (method.method === 'refreshToken') {
    const refreshToken = await ask('Refresh token', 'A refresh token issued to this client.', true);
    return refreshToken === undefined ? undefined : { ...base, clientId, clientSecret, refreshToken };
  }
  void vscode.env.clipboard.writeText(SCOPES);
  const grantCode = await ask('Grant code', `Self Client → Generate Code with the scopes ${SCOPES} (copied to your clipboard). Codes expire after a few minutes.`, true);
  return grantCode === undefined ? undefined : { ...base, clientId, clientSecret, grantCode };
}

async function ask(title: string, prompt: string, password: boolean): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({
    title: `Sign in to Zoho: ${title}`, prompt, password, ignoreFocusOut: true,
    validateInput: (t) => (t === '' ? undefined : credentialProblem(title.toLowerCase(), t)),
  });
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
