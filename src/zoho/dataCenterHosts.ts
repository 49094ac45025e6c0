// Which data centre a Zoho host belongs to: the API hosts (*.zohoapis.<tld>, *.zohocloud.ca for
// Canada) and the accounts servers of the data-centre table. Used to keep a sign-in's tokens
// inside the data centre that issued them.
import { DATA_CENTERS, endpointsFor, isZohoApiHost, type DataCenter } from './dataCenters';
import { apiTldOf } from './downloadUrl';

const tldOf = (dc: DataCenter): string => new URL(endpointsFor(dc, 'production').apiDomain).hostname.replace(/^www\.zohoapis\./, '');

/** The data centre of an https Zoho API host (any environment), or undefined for anything else. */
export function dataCenterOfApiHost(url: URL): DataCenter | undefined {
  if (!isZohoApiHost(url)) return undefined;
  const tld = apiTldOf(url.hostname);
  return tld === undefined ? undefined : DATA_CENTERS.find((dc) => tldOf(dc) === tld);
}

/** The data centre whose accounts server is this origin (https://accounts.zoho.eu → EU). */
export function dataCenterOfAccounts(accountsUrl: string): DataCenter | undefined {
  let origin: string;
  try {
    origin = new URL(accountsUrl).origin;
  } catch {
    return undefined;
  }
  return DATA_CENTERS.find((dc) => endpointsFor(dc, 'production').accountsUrl === origin);
}
