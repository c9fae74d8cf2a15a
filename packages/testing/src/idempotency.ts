/** The one method of the kit's idempotency-key collection the crash below replaces. */
type UpdateOne = (
  filter: unknown,
  update: { $set?: { state?: unknown } },
  ...rest: unknown[]
) => Promise<unknown>;

/**
 * Makes a service's `IdempotencyKeys` (nest-kit) behave as if the process died after a request's
 * writes and before the key recorded the reply: the update that marks a key `done` fails, so the
 * key stays `running` with its lease, exactly as a kill -9 at that point leaves it. Give it
 * `app.get(IdempotencyKeys)`; restart the service afterwards to replay. Returns how many runs
 * died so.
 */
export function dieBeforeTheReplyIsKept(idempotencyKeys: object): { deaths: () => number } {
  // The collection is the kit's private field `keys`: a test seam, not an API.
  const keys = (idempotencyKeys as { keys: { updateOne: UpdateOne } }).keys;
  const updateOne = keys.updateOne.bind(keys);
  let deaths = 0;
  keys.updateOne = (filter, update, ...rest) => {
    if (update.$set?.state !== 'done') return updateOne(filter, update, ...rest);
    deaths += 1;
    return Promise.reject(new Error('killed between the write and the reply'));
  };
  return { deaths: () => deaths };
}
