import { type SubjectType } from '@opencen/contracts';

import { type DerivedFields, type RecordKinds } from '../domain/record-kind';

/**
 * Re-keying: after a change of the matching rules (transliteration, phonetic keys, blocking keys,
 * identifier normalisation), the keys stored with each record were computed by the old rules and
 * candidates are missed until every record is written again. This recomputes them for every
 * person, company and conveyance, page by page in `_id` order, so that a run can stop anywhere and
 * resume after the last id it reported.
 *
 * The business version is not bumped and no event is emitted: the derived fields are the store's
 * index of the record, not its content (the search indexes, which copy them, are rebuilt after a
 * re-key by the reindex command). Bumping would answer the officers' pending edits (If-Match)
 * with 409 for a change they cannot see, and an `updated` event would tell other services of a
 * change that did not happen. The write is still guarded by the version it read, so that an edit
 * made meanwhile (which computed its keys with the same new rules) is never overwritten. That guard
 * is atomic on MongoDB only: on FerretDB the command runs with the service stopped (README).
 */

/** The order in which kinds are re-keyed; a resumed run goes on with the kinds after its own. */
export const REKEY_KINDS: readonly SubjectType[] = ['person', 'company', 'conveyance'];

/**
 * A stored record as read for re-keying: the record through its contract, and the stored document
 * (whose derived fields are compared); or the id of one that does not match its contract.
 */
export type StoredForRekey =
  | {
      readonly id: string;
      readonly version: number;
      readonly record: unknown;
      readonly stored: Readonly<Record<string, unknown>>;
    }
  | { readonly id: string; readonly unreadable: true };

export abstract class RekeyStore {
  /** Up to `limit` records of `kind` with an id greater than `after`, in id order. */
  abstract page(
    kind: SubjectType,
    after: string | undefined,
    limit: number,
  ): Promise<StoredForRekey[]>;
  /**
   * Sets the derived fields of a record if it is still at `version` (the version is left as it is);
   * false when it changed meanwhile.
   */
  abstract writeDerived(
    kind: SubjectType,
    id: string,
    version: number,
    derived: DerivedFields,
  ): Promise<boolean>;
}

export interface RekeyCounts {
  read: number;
  rekeyed: number;
  unchanged: number;
  /** Edited between the read and the write: that edit stored keys by the current rules. */
  changedMeanwhile: number;
  /** Stored records that do not match their contract (ids reported, the run goes on). */
  unreadable: number;
}

export interface RekeyProgress {
  readonly kind: SubjectType;
  /** The last id handled: `--kind <kind> --after <lastId>` resumes after it. */
  readonly lastId: string | undefined;
  /** Counts for this kind in this run. */
  readonly counts: Readonly<RekeyCounts>;
  /** Records read per second in this run, all kinds together. */
  readonly perSecond: number;
  readonly unreadableIds: readonly string[];
}

export interface RekeyOptions {
  /** The kind to start with (then the kinds after it in {@link REKEY_KINDS}); all when left out. */
  readonly kind?: SubjectType;
  /** Resume after this id of the first kind. */
  readonly after?: string;
  readonly pageSize?: number;
  readonly onPage?: (progress: RekeyProgress) => void;
  /** Milliseconds, for the rate (tests pass their own). */
  readonly now?: () => number;
}

const zeroCounts = (): RekeyCounts => ({
  read: 0,
  rekeyed: 0,
  unchanged: 0,
  changedMeanwhile: 0,
  unreadable: 0,
});

function sameFields(stored: Readonly<Record<string, unknown>>, current: DerivedFields): boolean {
  return Object.entries(current).every(
    ([field, values]) => JSON.stringify(stored[field] ?? []) === JSON.stringify(values),
  );
}

/** Re-keys every record of the kinds from `options.kind` on; resolves to the counts per kind. */
export async function rekeyRecords(
  store: RekeyStore,
  kinds: RecordKinds,
  options: RekeyOptions = {},
): Promise<Record<SubjectType, RekeyCounts>> {
  const now = options.now ?? Date.now;
  const pageSize = options.pageSize ?? 500;
  const firstKind = REKEY_KINDS.indexOf(options.kind ?? 'person');
  if (firstKind < 0) throw new Error(`Unknown kind ${String(options.kind)}`);
  const started = now();
  let readInRun = 0;
  const result = {} as Record<SubjectType, RekeyCounts>;
  for (const [index, kind] of REKEY_KINDS.entries()) {
    const counts = zeroCounts();
    result[kind] = counts;
    if (index < firstKind) continue;
    let after = index === firstKind ? options.after : undefined;
    for (;;) {
      const page = await store.page(kind, after, pageSize);
      if (page.length === 0) break;
      const unreadableIds: string[] = [];
      for (const entry of page) {
        counts.read += 1;
        if ('unreadable' in entry) {
          counts.unreadable += 1;
          unreadableIds.push(entry.id);
          continue;
        }
        const current = (kinds[kind].keysOf as (record: unknown) => DerivedFields)(entry.record);
        if (sameFields(entry.stored, current)) counts.unchanged += 1;
        else if (await store.writeDerived(kind, entry.id, entry.version, current))
          counts.rekeyed += 1;
        else counts.changedMeanwhile += 1;
      }
      readInRun += page.length;
      after = page[page.length - 1]!.id;
      const seconds = Math.max((now() - started) / 1000, 0.001);
      options.onPage?.({
        kind,
        lastId: after,
        counts: { ...counts },
        perSecond: Math.round(readInRun / seconds),
        unreadableIds,
      });
      if (page.length < pageSize) break;
    }
  }
  return result;
}
