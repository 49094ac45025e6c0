// Which tracked job a script means by a bare job id: the one on the named connection; without a
// name, the one on the first connection, or else the one connection that tracks that id.
import type { JobStore } from '../jobStore';
import type { ConnectionList } from './connectionList';
import { jobKey } from './jobKey';

export function keyForId(store: JobStore, connections: ConnectionList, id: string, connectionName?: unknown): string {
  if (connectionName !== undefined && connectionName !== null) return jobKey(connections.resolve(connectionName), id);
  const first = jobKey(connections.defaultId(), id);
  if (store.has(first)) return first;
  const elsewhere = store.all().filter((j) => j.id === id);
  return elsewhere.length === 1 ? jobKey(elsewhere[0].connection, id) : first;
}
