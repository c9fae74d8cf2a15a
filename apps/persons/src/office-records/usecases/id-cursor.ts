import { type Principal, mayRead } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

/** Cursors of pages in id order: the last id of the previous page, opaque to the caller. */

export function encodeIdCursor(id: string): string {
  return Buffer.from(JSON.stringify([id])).toString('base64url');
}

export function decodeIdCursor(cursor: string): string {
  try {
    const [id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (typeof id === 'string') return id;
  } catch {
    // Falls through to the error below.
  }
  throw ServiceError.validation('The cursor is not one this service gave', [
    { path: 'cursor', reason: 'not a cursor from a previous page', code: 'invalid_cursor' },
  ]);
}

/**
 * A page of `limit` records from `found`, read with one more than `limit`: a next cursor only
 * when there is more.
 */
export function pageOf<R extends { id: string }>(
  found: readonly R[],
  limit: number,
): { items: R[]; nextCursor?: string } {
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    ...(found.length > limit && last ? { nextCursor: encodeIdCursor(last.id) } : {}),
  };
}

/**
 * A page of `limit` records in id order after `after`, those above the reader's clearance left
 * out: pages are read from `fetch` (`count` records after an id) until `limit` readable ones and
 * one more are found or there are no more, so that a page is full whenever there is more to read
 * and its cursor is right.
 */
export async function readablePage<R extends { id: string; classification: string }>(
  fetch: (after: string | undefined, count: number) => Promise<R[]>,
  after: string | undefined,
  limit: number,
  reader: Principal,
): Promise<{ items: R[]; nextCursor?: string }> {
  const readable: R[] = [];
  for (let cursor = after; ;) {
    const batch = await fetch(cursor, limit + 1);
    readable.push(...batch.filter((record) => mayRead(reader, record.classification)));
    const last = batch.at(-1);
    if (readable.length > limit || batch.length <= limit || !last) break;
    cursor = last.id;
  }
  return pageOf(readable, limit);
}
