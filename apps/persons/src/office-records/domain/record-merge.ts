import { DomainRefusal, type Principal, isAbove } from '@opencen/contracts';

/**
 * The rules every merge follows, whatever the kind of record (person, company, conveyance): who
 * may merge, which records may be merged, and the merge record kept on the survivor with exactly
 * what the merge added, so that an undo can take it away again. Each kind says only what its
 * records gain (`MergeKind`); the merged record is kept, marked `mergedInto`, never deleted.
 */

export type RecordNoun = 'person' | 'company' | 'conveyance';

const PLURAL: Record<RecordNoun, string> = {
  person: 'persons',
  company: 'companies',
  conveyance: 'conveyances',
};

/** How messages name a record of a kind: `Company`. */
export function labelOf(noun: string): string {
  return noun[0]!.toUpperCase() + noun.slice(1);
}

/** A merge as recorded on the survivor; `added` is what the kind's `combine` added. */
export interface MergeRecord {
  readonly mergeId: string;
  readonly mergedId: string;
  readonly at: string;
  readonly by: string;
  readonly state: 'pending' | 'done' | 'undoing' | 'undone';
  readonly survivorVersion: number;
  readonly mergedVersion: number;
  readonly undoVersion?: number;
  readonly added: unknown;
}

/** What a record needs to take part in a merge. */
export interface MergeableRecord<M extends MergeRecord = MergeRecord> {
  readonly id: string;
  readonly office: string;
  readonly classification: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly mergedInto?: string;
  readonly merges?: readonly M[];
}

export interface MergeInput {
  readonly mergeId: string;
  readonly at: string;
  readonly by: string;
}

export interface MergeStamp {
  readonly at: string;
  readonly by: string;
}

/**
 * What differs between kinds: how the survivor gains what the merged record adds (returning the
 * survivor's new details and exactly what was added), and how that is taken away again.
 */
export interface MergeKind<R extends MergeableRecord<M>, M extends MergeRecord> {
  readonly noun: RecordNoun;
  /** Refuses records that may not merge for this kind's own reasons (e.g. conveyance types). */
  assertCompatible?(survivor: R, merged: R): void;
  /** The survivor's details with what `merged` adds, and what was added; VALIDATION_FAILED over limits. */
  gain(survivor: R, merged: R): { next: R; added: M['added'] };
  /** The survivor's details without what `added` added (details changed since are kept). */
  lose(survivor: R, added: M['added']): R;
}

/** Only `admin`, or a `supervisor` of the office that owns every record, merges. */
export function assertMayMerge(
  noun: RecordNoun,
  principal: Principal | undefined,
  ...records: MergeableRecord[]
): Principal {
  if (!principal) {
    throw DomainRefusal.unauthenticated(
      `${labelOf(PLURAL[noun])} are only available to an authenticated principal`,
    );
  }
  if (principal.roles.includes('admin')) return principal;
  if (!principal.roles.includes('supervisor')) {
    throw DomainRefusal.forbidden(`Only an admin or a supervisor merges ${PLURAL[noun]}`);
  }
  for (const record of records) {
    if (!principal.office || record.office !== principal.office) {
      throw DomainRefusal.forbidden(
        `${labelOf(noun)} ${record.id} belongs to office ${record.office}; only its supervisors (or an admin) may merge it`,
      );
    }
  }
  return principal;
}

/** Refuses a merge of a record with itself or with a record already merged. */
export function assertMergeable(
  noun: RecordNoun,
  survivor: MergeableRecord,
  merged: MergeableRecord,
): void {
  if (survivor.id === merged.id) {
    throw DomainRefusal.validation(`A ${noun} cannot be merged with itself`, [
      { path: 'mergedId', reason: 'the same as survivorId', code: `same_${noun}` },
    ]);
  }
  for (const [path, record] of [
    ['survivorId', survivor],
    ['mergedId', merged],
  ] as const) {
    if (record.mergedInto !== undefined) {
      throw DomainRefusal.conflict(`${labelOf(noun)} ${record.id} is already merged`, [
        { path, reason: `merged into ${record.mergedInto}`, code: 'already_merged' },
      ]);
    }
  }
  // The survivor's details would show the merged one's to those cleared for the survivor only.
  if (isAbove(merged.classification, survivor.classification)) {
    throw DomainRefusal.validation(
      `A ${merged.classification} ${noun} cannot be merged into a ${survivor.classification} one`,
      [
        {
          path: 'mergedId',
          reason: `${merged.classification}, above the survivor's ${survivor.classification}: merge the other way, or classify the survivor ${merged.classification} first`,
          code: 'classification_above_survivor',
        },
      ],
    );
  }
}

/** JSON with sorted keys: equality of plain values whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => a.localeCompare(b)))
      : nested,
  );
}

/** The items of `extra` not already in `base` (nor twice in `extra`), by `key`. */
export function missing<T>(
  base: readonly T[],
  extra: readonly T[],
  key: (item: T) => string = canonical,
): T[] {
  const seen = new Set(base.map(key));
  const added: T[] = [];
  for (const item of extra) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    added.push(item);
  }
  return added;
}

/** Removes from `list` the items listed in `added` (one occurrence each). */
export function without<T>(list: readonly T[], added: readonly T[]): T[] {
  const remaining = added.map((item) => canonical(item));
  return list.filter((item) => {
    const index = remaining.indexOf(canonical(item));
    if (index === -1) return true;
    remaining.splice(index, 1);
    return false;
  });
}

/** The optional details `survivor` lacks and `merged` has, among `fields`. */
export function lackingDetails<R, F extends keyof R & string>(
  survivor: R,
  merged: R,
  fields: readonly F[],
): Partial<Pick<R, F>> {
  const filled: Partial<Pick<R, F>> = {};
  for (const field of fields) {
    if (survivor[field] === undefined && merged[field] !== undefined) filled[field] = merged[field];
  }
  return filled;
}

/** `record` without the details in `filled` that still hold the value the merge filled in. */
export function withoutFilled<R>(record: R, filled: object): R {
  const next = { ...record } as Record<string, unknown>;
  for (const [field, value] of Object.entries(filled)) {
    if (next[field] === value) delete next[field];
  }
  return next as R;
}

/** Refuses lists grown past the contract's limits, naming each field. */
export function assertWithinLimits(
  noun: RecordNoun,
  record: object,
  limits: Readonly<Record<string, number>>,
): void {
  const over = Object.entries(limits).filter(
    ([field, limit]) => ((record as Record<string, unknown[]>)[field] ?? []).length > limit,
  );
  if (over.length > 0) {
    throw DomainRefusal.validation(
      `The merged record would hold more than a ${noun} may`,
      over.map(([field, limit]) => ({
        path: field,
        reason: `more than ${limit} after the merge`,
        code: 'too_many',
      })),
    );
  }
}

/**
 * The survivor with what the merged record adds, at the next version, and the merge record
 * (`pending`). VALIDATION_FAILED when the kind refuses the pair or the combined record.
 */
export function combine<R extends MergeableRecord<M>, M extends MergeRecord>(
  kind: MergeKind<R, M>,
  survivor: R,
  merged: R,
  input: MergeInput,
): R {
  kind.assertCompatible?.(survivor, merged);
  const { next, added } = kind.gain(survivor, merged);
  const record = {
    mergeId: input.mergeId,
    mergedId: merged.id,
    at: input.at,
    by: input.by,
    state: 'pending',
    survivorVersion: survivor.version,
    mergedVersion: merged.version,
    added,
  } as M;
  return {
    ...next,
    updatedAt: input.at,
    updatedBy: input.by,
    version: survivor.version + 1,
    merges: [...(survivor.merges ?? []), record],
  };
}

/**
 * The survivor without what the merge `mergeId` added, at the next version, the merge marked
 * `undoing`. Details the merge filled in are removed only if nobody changed them since.
 */
export function revert<R extends MergeableRecord<M>, M extends MergeRecord>(
  kind: MergeKind<R, M>,
  survivor: R,
  mergeId: string,
  input: MergeStamp,
): R {
  const record = survivor.merges?.find((merge) => merge.mergeId === mergeId);
  if (!record) throw DomainRefusal.notFound(`No merge ${mergeId} on ${kind.noun} ${survivor.id}`);
  if (record.state === 'undoing' || record.state === 'undone') {
    throw DomainRefusal.conflict(`Merge ${mergeId} is already undone`, [
      { path: 'mergeId', reason: 'already undone', code: 'already_undone' },
    ]);
  }
  return {
    ...kind.lose(survivor, record.added),
    updatedAt: input.at,
    updatedBy: input.by,
    version: survivor.version + 1,
    merges: (survivor.merges ?? []).map((merge) =>
      merge.mergeId === mergeId
        ? { ...merge, state: 'undoing' as const, undoVersion: survivor.version }
        : merge,
    ),
  };
}

/** The survivor with merge `mergeId` in `state`, at the next version. */
export function withMergeState<R extends MergeableRecord<M>, M extends MergeRecord>(
  survivor: R,
  mergeId: string,
  state: MergeRecord['state'],
  input: MergeStamp,
): R {
  return {
    ...survivor,
    updatedAt: input.at,
    updatedBy: input.by,
    version: survivor.version + 1,
    merges: (survivor.merges ?? []).map((merge) =>
      merge.mergeId === mergeId ? { ...merge, state } : merge,
    ),
  };
}
