/**
 * Replies and events are read tolerantly and events are written strictly (see the README, "Unknown
 * fields"): a reader ignores fields that a newer writer added, so that a producer can add an
 * optional field without breaking the consumers that do not know it yet, while a writer may not
 * lose a field on the way to the store.
 */
import { type z } from 'zod';

import { type ErrorDetail, formatPath } from './errors';

/** Enough for unknown fields nested in unknown fields' neighbours; each round removes a level. */
const MAX_ROUNDS = 8;

/**
 * Like `schema.safeParse(value)`, except that fields unknown to a strict object of the schema are
 * ignored (left out of the result) instead of failing the parse. Other problems still fail it,
 * reported without the unknown fields.
 */
export function safeParseTolerantly<S extends z.ZodType>(
  schema: S,
  value: unknown,
): z.ZodSafeParseResult<z.output<S>> {
  let result = schema.safeParse(value);
  let current = value;
  for (let round = 0; !result.success && round < MAX_ROUNDS; round += 1) {
    const unknown = result.error.issues.filter((issue) => issue.code === 'unrecognized_keys');
    if (unknown.length === 0) break;
    current = structuredClone(current);
    for (const issue of unknown) removeKeys(current, issue.path, issue.keys);
    result = schema.safeParse(current);
  }
  return result;
}

function removeKeys(root: unknown, path: readonly PropertyKey[], keys: readonly string[]): void {
  let node: unknown = root;
  for (const step of path) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<PropertyKey, unknown>)[step];
  }
  if (typeof node !== 'object' || node === null) return;
  for (const key of keys) delete (node as Record<string, unknown>)[key];
}

/**
 * The fields of `input` that are missing from `output`, the value a schema parsed it into: what
 * a non-strict object of the schema dropped. Fields whose value is `undefined` are not data and
 * are not reported.
 */
export function droppedFields(
  input: unknown,
  output: unknown,
  path: PropertyKey[] = [],
): ErrorDetail[] {
  if (Array.isArray(input)) {
    if (!Array.isArray(output)) return [];
    return input.flatMap((item, index) => droppedFields(item, output[index], [...path, index]));
  }
  if (!isPlainObject(input) || !isPlainObject(output)) return [];
  return Object.entries(input).flatMap(([key, child]): ErrorDetail[] => {
    if (child === undefined) return [];
    if (!Object.hasOwn(output, key)) {
      return [
        { path: formatPath([...path, key]), reason: 'Unknown field', code: 'unrecognized_keys' },
      ];
    }
    return droppedFields(child, output[key], [...path, key]);
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
