/** Merges chain (A into B, then B into C); a longer chain than this is a loop, a bug. */
const MAX_MERGE_HOPS = 10;

/**
 * The record an id stands for now: the record itself, or the survivor at the end of its
 * `mergedInto` pointers, with `resolvedFrom` naming the id asked for. Null when there is no such
 * record.
 */
export async function resolveMerged<R extends { id: string; mergedInto?: string }>(
  find: (id: string) => Promise<R | null>,
  id: string,
  noun: string,
): Promise<(R & { resolvedFrom?: string }) | null> {
  let record = await find(id);
  if (!record) return null;
  for (let hops = 0; record.mergedInto !== undefined; hops += 1) {
    if (hops === MAX_MERGE_HOPS) throw new Error(`${noun} ${id}: merge pointers loop`);
    const survivor: R | null = await find(record.mergedInto);
    if (!survivor) throw new Error(`${noun} ${record.id} is merged into a missing ${noun}`);
    record = survivor;
  }
  return record.id === id ? record : { ...record, resolvedFrom: id };
}
