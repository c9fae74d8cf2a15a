import { createHash, randomUUID } from 'node:crypto';
import {
  type ErrorCode,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  idempotencyKeySchema,
} from '@opencen/contracts';
import { type Logger } from 'pino';
import { ServiceError, isDuplicateKeyError, toServiceError } from '../errors/service-error';
import { documentWriteLock } from '../mongo/document-write-lock';
import { runIdempotent } from './idempotent-run';

/** The collection of key documents, in the database of the service that owns the records. */
export const IDEMPOTENCY_KEYS_COLLECTION = 'idempotency_keys';

/**
 * One key document: `_id` is a hash of the user and the key, so a key is unique per user by
 * insertion. The reply is kept as JSON text: a reply may hold field names MongoDB or FerretDB
 * would refuse (a `.` in a map key).
 */
export interface IdempotencyKeyDocument {
  _id: string;
  /** Hash of the subject and the request: another request under the same key is refused. */
  request: string;
  subject: string;
  /** The ids of every run of the request derive from it (see runIdempotent). */
  seed: string;
  state: 'running' | 'done';
  /** What the run recorded of its progress (IdGenerator.recordProgress), for a run repeating it. */
  progress?: string;
  /** Until then a run is taken to be alive; after it, a replay runs the request again. */
  leaseUntil: Date;
  reply?: string;
  createdAt: Date;
  expiresAt: Date;
}

/** The part of a MongoDB collection the keys need (the driver's and mongoose's fit). */
export interface IdempotencyKeyCollection {
  insertOne(document: IdempotencyKeyDocument): Promise<unknown>;
  findOne(filter: { _id: string }): Promise<IdempotencyKeyDocument | null>;
  updateOne(
    filter: Record<string, unknown>,
    update: { $set: Partial<IdempotencyKeyDocument> },
  ): Promise<{ matchedCount: number }>;
  deleteOne(filter: Record<string, unknown>): Promise<unknown>;
  deleteMany(filter: Record<string, unknown>): Promise<{ deletedCount?: number }>;
}

export interface IdempotencyKeyOptions {
  /** How long a key answers its first result (24 h by default); the cleanup job then removes it. */
  retentionMs: number;
  /** How long a run is taken to be alive: a replay within it answers 409, after it runs again. */
  leaseMs: number;
  now?: () => Date;
}

/** One request under a key, as the service received it. */
export interface KeyedRequest {
  /** Who sent it (the principal's `sub`): keys of different users never meet. */
  user: string;
  key: string;
  subject: string;
  /** The validated request: its hash tells a replay from another request under the same key. */
  request: unknown;
}

export interface KeyedOutcome<T> {
  reply: T;
  /** True when the reply repeats the first answer to the key. */
  replayed: boolean;
}

/** Failures after which nothing was stored: the key is forgotten, and may be sent again. */
const CHANGED_NOTHING: readonly ErrorCode[] = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'RATE_LIMITED',
];

/** Times a replay looks again when the key changes under it (another replay took it over). */
const MAX_ATTEMPTS = 3;

/**
 * `Idempotency-Key` of creating requests, kept by the service that creates the records.
 *
 * The first request under a key inserts the key document (the insertion makes the key unique per
 * user) with the request's hash and a random seed, then runs; every id the run takes comes from
 * the seed, and the reply is stored in the key document. A replay with the same request answers
 * that reply; with another request, IDEMPOTENCY_KEY_REUSED; while the first still runs, CONFLICT.
 * When the first run died (its lease passed) or failed unexpectedly, a replay runs the request
 * again with the same seed, so it creates the same ids: what the first run stored is found, not
 * doubled (a creation checks `IdGenerator.repeatsEarlierRun()`), and what it did not store is
 * stored once. A failure that changed nothing (a 4xx) forgets the key.
 */
export class IdempotencyKeys {
  private readonly now: () => Date;

  constructor(
    private readonly keys: IdempotencyKeyCollection,
    private readonly options: IdempotencyKeyOptions,
    private readonly logger?: Logger,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Runs `work` once per user and key (see the class), or answers what its run answered. */
  async run<T>(request: KeyedRequest, work: () => Promise<T>): Promise<KeyedOutcome<T>> {
    assertValidKey(request.key);
    const id = keyDocumentId(request.user, request.key);
    const hash = requestHash(request.subject, request.request);
    for (let attempt = 1; ; attempt++) {
      const now = this.now();
      const fresh: IdempotencyKeyDocument = {
        _id: id,
        request: hash,
        subject: request.subject,
        seed: randomUUID(),
        state: 'running',
        leaseUntil: this.leaseFrom(now),
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.options.retentionMs),
      };
      try {
        await this.keys.insertOne(fresh);
        return await this.execute(fresh, work, false);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const stored = await this.keys.findOne({ _id: id });
      if (stored === null) continue; // removed meanwhile (expired, or its run failed): insert again
      if (stored.request !== hash) throw keyReused();
      if (stored.state === 'done') {
        return { reply: JSON.parse(stored.reply ?? 'null') as T, replayed: true };
      }
      if (stored.leaseUntil.getTime() > now.getTime()) throw stillRunning();
      // The run that holds the key died or failed: take its place, unless another replay did.
      const claimed = await this.update(
        { _id: id, state: 'running', seed: stored.seed, leaseUntil: stored.leaseUntil },
        { leaseUntil: this.leaseFrom(now) },
      );
      if (claimed) return await this.execute(stored, work, true);
      if (attempt >= MAX_ATTEMPTS) throw stillRunning();
    }
  }

  /** Removes the keys whose retention has passed; the cleanup job calls it. */
  async removeExpired(): Promise<number> {
    const { deletedCount } = await this.keys.deleteMany({ expiresAt: { $lt: this.now() } });
    return deletedCount ?? 0;
  }

  private async execute<T>(
    key: IdempotencyKeyDocument,
    work: () => Promise<T>,
    retry: boolean,
  ): Promise<KeyedOutcome<T>> {
    const mine = { _id: key._id, state: 'running', seed: key.seed };
    let reply: T;
    try {
      reply = await runIdempotent(
        {
          seed: key.seed,
          retry,
          ...(key.progress === undefined ? {} : { progress: key.progress }),
          record: async (progress) => {
            await this.update(mine, { progress });
          },
        },
        work,
      );
    } catch (error) {
      await this.afterFailure(mine, error, retry);
      throw error;
    }
    await this.update(mine, { state: 'done', reply: JSON.stringify(reply ?? null) });
    return { reply, replayed: false };
  }

  /**
   * A first run that failed for a reason that changed nothing forgets the key. Otherwise (the
   * outcome is unknown, or this run repeats one whose writes may be stored) the key stays, its
   * lease given up, so that a replay runs the request again at once with the same ids.
   */
  private async afterFailure(
    mine: Record<string, unknown>,
    error: unknown,
    retry: boolean,
  ): Promise<void> {
    try {
      if (!retry && CHANGED_NOTHING.includes(toServiceError(error).code)) {
        await documentWriteLock.run(IDEMPOTENCY_KEYS_COLLECTION, mine._id, () =>
          this.keys.deleteOne(mine),
        );
      } else {
        await this.update(mine, { leaseUntil: new Date(0) });
      }
    } catch (cleanupError) {
      // The lease then runs out by itself; the failure the caller sees is the first one.
      this.logger?.warn({ err: cleanupError }, 'Could not release an idempotency key');
    }
  }

  private async update(
    filter: Record<string, unknown>,
    set: Partial<IdempotencyKeyDocument>,
  ): Promise<boolean> {
    const { matchedCount } = await documentWriteLock.run(
      IDEMPOTENCY_KEYS_COLLECTION,
      filter._id,
      () => this.keys.updateOne(filter, { $set: set }),
    );
    return matchedCount > 0;
  }

  private leaseFrom(now: Date): Date {
    return new Date(now.getTime() + this.options.leaseMs);
  }
}

/** The key document's id: a hash, so that neither the user nor the key is stored as written. */
export function keyDocumentId(user: string, key: string): string {
  return createHash('sha256').update(`${user}\n${key}`).digest('hex');
}

/** Hash of a request: the same whatever the order of its object keys. */
export function requestHash(subject: string, request: unknown): string {
  return createHash('sha256')
    .update(`${subject}\n${canonicalJson(request)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function assertValidKey(key: string): void {
  if (!idempotencyKeySchema.safeParse(key).success) {
    throw ServiceError.validation(`The ${IDEMPOTENCY_KEY_HEADER} is not valid`, [
      {
        path: IDEMPOTENCY_KEY_HEADER,
        reason: `1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters, no spaces or commas`,
      },
    ]);
  }
}

function keyReused(): ServiceError {
  return new ServiceError(
    'IDEMPOTENCY_KEY_REUSED',
    `This ${IDEMPOTENCY_KEY_HEADER} was sent with another request: use a new key for a new request`,
    [{ path: IDEMPOTENCY_KEY_HEADER, reason: 'already used with another body or operation' }],
  );
}

function stillRunning(): ServiceError {
  return ServiceError.conflict(
    `The first request with this ${IDEMPOTENCY_KEY_HEADER} is still being handled: retry in a moment`,
    [{ path: IDEMPOTENCY_KEY_HEADER, reason: 'a request with this key is in progress' }],
  );
}

let served: IdempotencyKeys | undefined;

/** Makes `keys` the ones HandleRequest uses in this process (ServiceKitModule does it at boot). */
export function serveIdempotencyKeys(keys: IdempotencyKeys | undefined): void {
  served = keys;
}

/** The keys HandleRequest uses; undefined in a process without ServiceKitModule. */
export function servedIdempotencyKeys(): IdempotencyKeys | undefined {
  return served;
}
