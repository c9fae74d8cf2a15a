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

/**
 * Paths of the objects in `schema` that do not refuse unknown fields: zod's `z.object` strips
 * them silently and `z.looseObject` keeps them. `''` is the schema itself, `draft.items[]` the
 * elements of an array, `tags.*` the values of a record. Each object is reported once, at the
 * first path it is reached by.
 */
export function lenientObjectPaths(schema: z.ZodType): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visit = (node: z.core.$ZodType | undefined, path: string): void => {
    if (node === undefined || seen.has(node)) return;
    seen.add(node);
    const def = node._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
    const inner = (key: string) => def[key] as z.core.$ZodType | undefined;
    switch (def.type) {
      case 'object': {
        const catchall = inner('catchall');
        const catchallType = catchall?._zod.def.type;
        if (catchallType === undefined || catchallType === 'unknown' || catchallType === 'any') {
          found.push(path);
        } else if (catchallType !== 'never') {
          visit(catchall, join(path, '*'));
        }
        const shape = def.shape as Record<string, z.core.$ZodType>;
        for (const [key, child] of Object.entries(shape)) visit(child, join(path, key));
        return;
      }
      case 'array':
        return visit(inner('element'), `${path}[]`);
      case 'record':
        return visit(inner('valueType'), join(path, '*'));
      case 'union':
        return (def.options as z.core.$ZodType[]).forEach((option) => visit(option, path));
      case 'intersection':
        visit(inner('left'), path);
        return visit(inner('right'), path);
      case 'tuple':
        (def.items as z.core.$ZodType[]).forEach((item, index) => visit(item, `${path}[${index}]`));
        return visit(inner('rest'), `${path}[]`);
      case 'pipe':
        visit(inner('in'), path);
        return visit(inner('out'), path);
      case 'lazy':
        return visit((def.getter as () => z.core.$ZodType)(), path);
      default:
        // Wrappers (optional, nullable, default, readonly...) hold their schema in innerType.
        return visit(inner('innerType'), path);
    }
  };
  visit(schema, '');
  return found;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Throws {@link InvalidContractError} unless every object of `schema`, at every depth, refuses
 * unknown fields (`z.strictObject` or `.strict()`). A request is what a client or a caller writes:
 * a misspelled or misplaced field must be refused and named, never dropped, or the data it held
 * is silently lost.
 * @param label names the schema in the error, e.g. `'request of cases.case.create'`.
 */
export function assertStrictSchema(schema: z.ZodType, label: string): void {
  const lenient = lenientObjectPaths(schema);
  if (lenient.length > 0) {
    throw new InvalidContractError(
      `The ${label} has objects that accept unknown fields, at ` +
        `${lenient.map((path) => (path === '' ? '(the request)' : path)).join(', ')}; ` +
        'use z.strictObject (or .strict()) so that an unknown field is refused and named',
    );
  }
}
