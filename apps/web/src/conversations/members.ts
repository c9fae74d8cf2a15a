import { type ConversationMember, type NewMember } from '@opencen/contracts';

/**
 * The members typed in a form, as the API takes them: an address is an outside party reached by
 * e-mail, anything else a user of the system by their user id.
 */
export function newMembers(entries: readonly string[]): NewMember[] {
  return entries
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => (entry.includes('@') ? { email: entry } : { user: entry }));
}

/** How a member is named: their user id, or the outside party's address. */
export const memberName = (member: Pick<ConversationMember, 'id' | 'user' | 'email'>) =>
  member.user ?? member.email ?? member.id;

/** The first field of a zod or API path (`members.0.user` → `members`), where a form shows it. */
export const fieldOf = (path: readonly PropertyKey[] | string) =>
  String(typeof path === 'string' ? path.split('.')[0] : (path[0] ?? ''));
