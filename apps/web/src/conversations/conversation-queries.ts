/** The conversation queries: a posted message, a read receipt or a member change makes them stale. */
export const CONVERSATION_QUERIES = ['conversations'] as const;
