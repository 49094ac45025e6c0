// How a tracked job is told apart from the same job id on another connection. The first connection
// (the one every version before connections had) keeps the bare id as its key, so its saved files,
// tree ids and commands are exactly what they were; another connection's job is `<connection>~<id>`.
export const FIRST_CONNECTION = 'default';

/** The connection id a job record holds: undefined for the first connection. */
export function storedConnection(connection: string | undefined): string | undefined {
  return connection === undefined || connection === FIRST_CONNECTION ? undefined : connection;
}

/** The store key of job `id` on `connection` (undefined: the first connection). */
export function jobKey(connection: string | undefined, id: string): string {
  const c = storedConnection(connection);
  return c === undefined ? id : `${c}~${id}`;
}

/** The key of a tracked job. */
export function keyOf(job: { id: string; connection?: string }): string {
  return jobKey(job.connection, job.id);
}

/** The connection id of a tracked job (FIRST_CONNECTION for the first). */
export function connectionOf(job: { connection?: string }): string {
  return job.connection ?? FIRST_CONNECTION;
}

/** The id and connection a key names (the inverse of jobKey). */
export function splitKey(key: string): { id: string; connection?: string } {
  const i = key.lastIndexOf('~');
  return i < 0 ? { id: key } : { id: key.slice(i + 1), connection: key.slice(0, i) };
}
