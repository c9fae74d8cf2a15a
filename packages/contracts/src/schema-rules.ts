/**
 * Rules every contract schema must follow, checked when the contract is defined so that a bad
 * schema fails in the contracts package's own tests instead of in production.
 *
 * Requests become aggregates and events ride in aggregates until they are relayed, so their field
 * names must be storable on both MongoDB and FerretDB 1.24, which rejects names containing `.` or
 * starting with `$` (ARCHITECTURE.md, "Storage").
 */
import { type z } from 'zod';

import { type JsonSchema, toContractJsonSchema } from './json-schema';

/** Thrown by `defineRequest` / `defineEvent` when a schema breaks a contract rule. */
export class InvalidContractError extends Error {
  override readonly name = 'InvalidContractError';
}

/** Whether MongoDB and FerretDB both accept `key` as a field name. */
export function isStorableKey(key: string): boolean {
  return !key.includes('.') && !key.startsWith('$');
}

/**
 * Dotted paths of the keys of `value` (at any depth) that cannot be stored. Used at run time for
 * keys a schema cannot fix in advance, such as those of `z.record`.
 */
export function findUnstorableKeys(value: unknown, path: readonly string[] = []): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findUnstorableKeys(item, [...path, String(index)]));
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = [...path, key];
    return isStorableKey(key)
      ? findUnstorableKeys(child, here)
      : [here.join('.'), ...findUnstorableKeys(child, here)];
  });
}

/**
 * Throws {@link InvalidContractError} unless `schema` can be published as JSON Schema (which rules
 * out transforms and non-JSON types) and declares only storable field names.
 * @param label names the schema in the error, e.g. `'request of cases.case.create'`.
 */
export function assertContractSchema(schema: z.ZodType, label: string): void {
  let jsonSchema: JsonSchema;
  try {
    // The output side is the one that travels and is stored; it is also the side on which zod
    // refuses transforms, which would run twice when both ends validate.
    jsonSchema = toContractJsonSchema(schema, 'output');
  } catch (error) {
    throw new InvalidContractError(
      `The ${label} has no JSON Schema form (${error instanceof Error ? error.message : String(error)}); ` +
        'contracts travel as JSON, so use JSON types and no transforms',
      { cause: error },
    );
  }
  const bad = unstorablePropertyNames(jsonSchema);
  if (bad.length > 0) {
    throw new InvalidContractError(
      `The ${label} declares field names that MongoDB/FerretDB cannot store ` +
        `(no "." inside, no leading "$"): ${bad.map((name) => JSON.stringify(name)).join(', ')}`,
    );
  }
}

/** Names declared in `properties` anywhere in a JSON Schema that are not storable. */
function unstorablePropertyNames(schema: unknown): string[] {
  const bad = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const s = node as JsonSchema;
    for (const [name, child] of Object.entries(s.properties ?? {})) {
      if (!isStorableKey(name)) bad.add(name);
      visit(child);
    }
    // Walk only the keywords that hold subschemas, so a field that happens to be named like a
    // keyword is not mistaken for one.
    for (const key of [
      'items',
      'additionalProperties',
      'anyOf',
      'oneOf',
      'allOf',
      'not',
    ] as const) {
      visit(s[key]);
    }
    for (const defs of [s.definitions, s.$defs]) {
      if (typeof defs === 'object' && defs !== null) Object.values(defs).forEach(visit);
    }
  };
  visit(schema);
  return [...bad].sort();
}
