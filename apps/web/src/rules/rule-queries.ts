/** The rule queries: saving a search or changing a rule makes them stale. */
export const RULE_QUERIES = ['rules'] as const;
