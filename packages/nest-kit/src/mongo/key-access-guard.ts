import { appendFileSync } from 'node:fs';
import { type mongo } from 'mongoose';
import { type Logger } from 'pino';

/**
 * What a service declares about the queries it sends to its MongoDB database (see
 * ARCHITECTURE.md, "read and written by key"). A collection not named in `bounded` grows without
 * bound, and every find, update, delete, count, distinct or aggregate on it must be by `_id`
 * equality, except the queries listed in `allowed`.
 */
export interface KeyAccessRules {
  /** Collections that stay small whatever the data (code lists, configuration), each with why. */
  bounded?: Readonly<Record<string, string>>;
  /** Queries not by key that are allowed on growing collections, each with why. */
  allowed?: readonly AllowedQuery[];
}

/** One allowed query: a collection and the set of fields its filter names. */
export interface AllowedQuery {
  collection: string;
  /**
   * The field names of the filter, top level and inside `$and`/`$or`/`$nor` (order does not
   * matter); `[]` for a query with no filter.
   */
  fields: readonly string[];
  /**
   * `exact` (the default): the filter names exactly these fields. `subset`: any combination of
   * them, none included, as a search form with optional filters sends.
   */
  match?: 'exact' | 'subset';
  why: string;
}

/** A query the guard found: no values, only the shape, since filters may hold personal data. */
export interface KeyAccessViolation {
  database: string;
  collection: string;
  command: string;
  /** The filter with every value replaced by `?`. */
  shape: string;
  fields: string[];
}

export type KeyAccessGuardMode = 'off' | 'warn' | 'record';

/** The commands that read or write documents chosen by a filter, and where each keeps it. */
const FILTERS: Record<string, (command: mongo.Document) => unknown[]> = {
  find: (command) => [command.filter ?? {}],
  update: (command) => ((command.updates ?? []) as { q?: unknown }[]).map((u) => u.q ?? {}),
  delete: (command) => ((command.deletes ?? []) as { q?: unknown }[]).map((d) => d.q ?? {}),
  count: (command) => [command.query ?? {}],
  distinct: (command) => [command.query ?? {}],
  findAndModify: (command) => [command.query ?? {}],
  aggregate: (command) => {
    const [first] = (command.pipeline ?? []) as { $match?: unknown }[];
    return [first?.$match ?? {}];
  },
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;

/** True when the filter selects one document by `_id` equality (other conditions may follow). */
export function isByKey(filter: unknown): boolean {
  if (!isPlainObject(filter) || !('_id' in filter)) return false;
  const id = filter._id;
  if (!isPlainObject(id)) return id !== undefined && id !== null;
  const operators = Object.keys(id);
  return operators.length === 1 && operators[0] === '$eq';
}

/** The field names a filter tests, top level and inside `$and`, `$or` and `$nor`. */
export function filterFields(filter: unknown): string[] {
  const fields = new Set<string>();
  const visit = (node: unknown): void => {
    if (!isPlainObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (Array.isArray(value)) value.forEach(visit);
      } else if (!key.startsWith('$')) {
        fields.add(key);
      }
    }
  };
  visit(filter);
  return [...fields].sort();
}

/** The filter with its values replaced by `?`: operators and field names only. */
export function filterShape(filter: unknown): string {
  const shape = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(shape);
    if (isPlainObject(node)) {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, shape(value)]));
    }
    return '?';
  };
  return JSON.stringify(shape(filter));
}

/**
 * Watches the commands a service sends to its database (the driver's command monitoring) and
 * reports every query of a growing collection whose filter is not by `_id`: on FerretDB such a
 * query reads the whole collection, and on a sharded MongoDB it goes to every shard. The test
 * tiers run with `record`, and packages/testing fails the test that sent one.
 */
export class KeyAccessGuard {
  private readonly allowed: Map<string, Set<string>>;
  private readonly allowedSubsets: Map<string, Set<string>[]>;
  private readonly reported = new Set<string>();

  constructor(
    private readonly database: string,
    private readonly rules: KeyAccessRules,
    private readonly logger: Logger,
    private readonly mode: KeyAccessGuardMode,
    private readonly logFile?: string,
  ) {
    this.allowed = new Map();
    this.allowedSubsets = new Map();
    for (const query of rules.allowed ?? []) {
      if (query.match === 'subset') {
        const sets = this.allowedSubsets.get(query.collection) ?? [];
        sets.push(new Set(query.fields));
        this.allowedSubsets.set(query.collection, sets);
        continue;
      }
      const shapes = this.allowed.get(query.collection) ?? new Set<string>();
      shapes.add([...query.fields].sort().join(','));
      this.allowed.set(query.collection, shapes);
    }
  }

  private isAllowed(collection: string, fields: readonly string[]): boolean {
    if (this.allowed.get(collection)?.has(fields.join(','))) return true;
    return (this.allowedSubsets.get(collection) ?? []).some((allowed) =>
      fields.every((field) => allowed.has(field)),
    );
  }

  /** Starts watching the client's commands; the client must have `monitorCommands: true`. */
  attach(client: mongo.MongoClient): void {
    if (this.mode === 'off') return;
    client.on('commandStarted', (event) => {
      if (event.databaseName !== this.database) return;
      for (const violation of this.check(event.commandName, event.command)) this.report(violation);
    });
  }

  /** The violations of one command; exposed for the guard's own tests. */
  check(commandName: string, command: mongo.Document): KeyAccessViolation[] {
    const filtersOf = FILTERS[commandName];
    const collection = command[commandName] as unknown;
    if (!filtersOf || typeof collection !== 'string') return [];
    if (this.rules.bounded?.[collection] !== undefined) return [];
    return filtersOf(command)
      .filter((filter) => !isByKey(filter))
      .map((filter) => ({ filter, fields: filterFields(filter) }))
      .filter(({ fields }) => !this.isAllowed(collection, fields))
      .map(({ filter, fields }) => ({
        database: this.database,
        collection,
        command: commandName,
        shape: filterShape(filter),
        fields,
      }));
  }

  private report(violation: KeyAccessViolation): void {
    if (this.mode === 'record' && this.logFile) {
      appendFileSync(this.logFile, `${JSON.stringify(violation)}\n`);
    }
    const key = `${violation.collection} ${violation.command} ${violation.shape}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.logger.error(
      { keyAccess: violation },
      `Query of ${violation.collection} not by _id (${violation.command} ${violation.shape}): ` +
        'read it by key, or move it to the search index; a query that must stay belongs in the ' +
        "service's keyAccess.allowed with the reason",
    );
  }
}
