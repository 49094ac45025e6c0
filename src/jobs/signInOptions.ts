// What the Sign In command accepts (from the quick pick, or from a script), validated into
// plain words before anything is sent.
import { DATA_CENTERS, ENVIRONMENTS, type DataCenter, type Environment } from '../zoho/dataCenters';

export type SignInMethod = 'selfClient' | 'refreshToken' | 'accessToken';
export const SIGN_IN_METHODS: readonly SignInMethod[] = ['selfClient', 'refreshToken', 'accessToken'];

export interface SignInOptions {
  method: SignInMethod;
  dataCenter?: DataCenter;
  environment?: Environment;
  clientId?: string;
  clientSecret?: string;
  grantCode?: string;
  refreshToken?: string;
  accessToken?: string;
}

export type ValidSignIn =
  | { method: 'selfClient'; dataCenter: DataCenter; environment: Environment; clientId: string; clientSecret: string; grantCode: string }
  | { method: 'refreshToken'; dataCenter: DataCenter; environment: Environment; clientId: string; clientSecret: string; refreshToken: string }
  | { method: 'accessToken'; dataCenter: DataCenter; environment: Environment; accessToken: string };

/** A secret or id is one line of printable ASCII without spaces, at most 2 KB. */
export function credentialProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `The ${name} must be text.`;
  const t = value.trim();
  if (t === '') return `The ${name} is empty.`;
  if (t.length > 2048) return `That is too long to be a Zoho ${name}.`;
  if (!/^[\x21-\x7e]+$/.test(t)) return `The ${name} must be one line with no spaces or non-ASCII characters.`;
  if (/^(Zoho-oauthtoken|Bearer)$/i.test(t)) return `Paste the ${name} itself, without the "${t}" prefix.`;
  return undefined;
}

/** Checks script-supplied options; returns the normalised options or throws an Error that says why. */
export function validateSignIn(input: unknown, defaults: { dataCenter: DataCenter; environment: Environment }): ValidSignIn {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('signIn options must be an object, e.g. { method: "selfClient", … }.');
  const o = input as Record<string, unknown>;
  if (!SIGN_IN_METHODS.includes(o.method as SignInMethod)) {
    throw new Error(`signIn: method must be one of ${SIGN_IN_METHODS.map((m) => `'${m}'`).join(', ')}.`);
  }
  const dataCenter = (o.dataCenter ?? defaults.dataCenter) as DataCenter;
  if (!DATA_CENTERS.includes(dataCenter)) throw new Error(`signIn: dataCenter must be one of ${DATA_CENTERS.join(', ')}.`);
  const environment = (o.environment ?? defaults.environment) as Environment;
  if (!ENVIRONMENTS.includes(environment)) throw new Error(`signIn: environment must be one of ${ENVIRONMENTS.join(', ')}.`);
  const need = (key: string, label: string): string => {
    const problem = credentialProblem(label, o[key]);
    if (problem) throw new Error(`signIn: ${problem}`);
    return (o[key] as string).trim();
  };
  switch (o.method as SignInMethod) {
    case 'selfClient':
      return { method: 'selfClient', dataCenter, environment, clientId: need('clientId', 'client ID'), clientSecret: need('clientSecret', 'client secret'), grantCode: need('grantCode', 'grant code') };
    case 'refreshToken':
      return { method: 'refreshToken', dataCenter, environment, clientId: need('clientId', 'client ID'), clientSecret: need('clientSecret', 'client secret'), refreshToken: need('refreshToken', 'refresh token') };
    case 'accessToken':
      return { method: 'accessToken', dataCenter, environment, accessToken: need('accessToken', 'access token') };
  }
}
