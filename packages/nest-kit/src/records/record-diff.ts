/**
 * What changed between two drafts of a record, field by field, for change histories: shared by the
 * persons service (companies, conveyances) and the cases service. Pure functions, no Nest.
 */

function isEmpty(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}

/** JSON with object keys sorted, so that key order (e.g. after a round trip to the store) is ignored. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => a.localeCompare(b)))
      : nested,
  );
}

/** The fields among `fields` whose values differ; an absent field equals an empty list. */
export function changedFields<T extends object>(
  fields: readonly (keyof T & string)[],
  before: T,
  after: T,
): string[] {
  return fields.filter((field) => {
    const a = before[field];
    const b = after[field];
    if (isEmpty(a) && isEmpty(b)) return false;
    return canonical(a) !== canonical(b);
  });
}

/** The fields a creation gave a value to. */
export function givenFields<T extends object>(
  fields: readonly (keyof T & string)[],
  draft: T,
): string[] {
  return fields.filter((field) => !isEmpty(draft[field]));
}

/** The draft part of a stored record. */
export function draftPart<T extends object>(fields: readonly (keyof T & string)[], record: T): T {
  const draft: Record<string, unknown> = {};
  for (const field of fields) if (record[field] !== undefined) draft[field] = record[field];
  return draft as T;
}
