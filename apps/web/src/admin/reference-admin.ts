/** The administration's code-list queries: a change makes them stale. */
export const REFERENCE_ADMIN_QUERIES = ['reference-admin'] as const;

/**
 * Problems by the form's field: a label's language stays (`labels.fr`), an attribute's name goes
 * to the attributes field (`attributes.alpha3` → `attributes`), the first reason of each kept.
 */
export function issuesByField(issues: readonly { path: string; reason: string }[]) {
  const byField: Record<string, string> = {};
  for (const { path, reason } of issues) {
    const field = path.startsWith('attributes.') ? 'attributes' : path;
    byField[field] ??= reason;
  }
  return byField;
}
