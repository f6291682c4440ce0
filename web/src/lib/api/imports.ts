import type { ImportedCycle, ImportQuery } from '@pb/shared';
import { queryString, send, toApiError } from './client.js';

/** Sends the .pb file as it is; the server keeps the SHA-256 of exactly these bytes. */
export async function importPabulib(file: Blob, query: ImportQuery): Promise<ImportedCycle> {
  const response = await send(`/api/cycles/import${queryString({ ...query })}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: file,
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, body);
  return body as ImportedCycle;
}
