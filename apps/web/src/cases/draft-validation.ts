import {
  type CaseDraft,
  type CaseDraftInput,
  caseDraftSchema,
  missingForSubmission,
} from '@opencen/contracts';

/** Field errors of a form: by dotted path of the draft (`items.0.unit`), one message each. */
export type FieldErrors = Record<string, string>;

/** The draft's errors by the contracts' schema (what the API would refuse), by field path. */
export function draftErrors(draft: CaseDraftInput): FieldErrors {
  const result = caseDraftSchema.safeParse(draft);
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    errors[issue.path.join('.')] ??= issue.message;
  }
  return errors;
}

/**
 * What the draft still lacks of the mandatory minimum (the contracts' rule, the one the service
 * applies at submission), by field path without the `draft.` prefix.
 */
export function missingMinimum(draft: CaseDraftInput): FieldErrors {
  const lenient = {
    ...draft,
    location: draft.location ?? {},
    items: draft.items ?? [],
    detectionMethods: draft.detectionMethods ?? [],
    route: { transitCountries: [], ...draft.route },
  } as CaseDraft;
  const missing: FieldErrors = {};
  for (const { path, reason } of missingForSubmission(lenient)) {
    missing[path.replace(/^draft\./, '')] = reason;
  }
  return missing;
}

/** Drops empty strings and empty objects, which the schema would refuse as too short. */
export function compactDraft(draft: CaseDraftInput): CaseDraftInput {
  return prune(draft) as CaseDraftInput;
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([key, inner]) => [key, prune(inner)] as const)
      .filter(
        ([, inner]) =>
          inner !== undefined &&
          inner !== '' &&
          !(
            inner &&
            typeof inner === 'object' &&
            !Array.isArray(inner) &&
            !Object.keys(inner).length
          ),
      );
    return Object.fromEntries(entries);
  }
  return typeof value === 'string' ? value.trim() : value;
}
