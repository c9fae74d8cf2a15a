import { createHash } from 'node:crypto';

import {
  CONVERSATION_MEMBERS_MAX,
  type Conversation,
  DomainRefusal,
  type NewMember,
  type ReportTemplate,
} from '@opencen/contracts';

/** A member now: a user by their sub, or an outside party reached by e-mail (who cannot sign in). */
export interface Membership {
  /** The user's sub, or `ext-<hash of the address>` (what events name). */
  readonly id: string;
  readonly type: 'user' | 'external';
  readonly user?: string;
  readonly email?: string;
  /** They read the messages numbered after this one: those posted from their addition on. */
  readonly addedAfter: number;
  readonly addedAt: Date;
  /** Their read receipt: the last message they marked read. */
  readonly lastRead: number;
}

/**
 * A conversation, or the closed user group of an operation: one document with its members
 * (at most CONVERSATION_MEMBERS_MAX) and their read receipts. A removed member is no longer in it:
 * the conversation does not exist for them any more.
 */
export interface ConversationRecord {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly startsOn?: string;
  readonly endsOn?: string;
  readonly templates: readonly ReportTemplate[];
  readonly members: readonly Membership[];
  /** The number of the last message counted (the messages' own keys may be one or two ahead). */
  readonly lastMessage: number;
  readonly lastActivityAt: Date;
  readonly createdAt: Date;
  readonly version: number;
}

/** An outside party's member id: a hash of the address, so that events name no address. */
export function externalMemberId(email: string): string {
  return `ext-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
}

/** The member a request names, as of `addedAfter` (the last message now). */
export function membershipOf(member: NewMember, addedAfter: number, at: Date): Membership {
  if ('user' in member) {
    return {
      id: member.user,
      type: 'user',
      user: member.user,
      addedAfter,
      addedAt: at,
      lastRead: addedAfter,
    };
  }
  const email = member.email.trim().toLowerCase();
  return {
    id: externalMemberId(email),
    type: 'external',
    email,
    addedAfter,
    addedAt: at,
    lastRead: addedAfter,
  };
}

/** The caller's membership, or NOT_FOUND: to anyone else the conversation does not exist. */
export function memberOrNotFound(
  conversation: ConversationRecord | null,
  id: string,
  user: string,
): Membership {
  const member = conversation?.members.find((m) => m.type === 'user' && m.user === user);
  if (!conversation || !member) throw DomainRefusal.notFound(`No conversation ${id}`);
  return member;
}

/** Refuses a change that only the owner may make. */
export function assertOwner(conversation: ConversationRecord, user: string): void {
  if (conversation.owner !== user) {
    throw DomainRefusal.forbidden(
      `Only the owner of conversation ${conversation.id} changes its members`,
    );
  }
}

/** The members with `added` joined (those already in it stay as they are), within the maximum. */
export function withMembers(
  members: readonly Membership[],
  added: readonly Membership[],
): { members: Membership[]; added: Membership[] } {
  const byId = new Map(members.map((m) => [m.id, m]));
  const fresh: Membership[] = [];
  for (const member of added) {
    if (byId.has(member.id)) continue;
    byId.set(member.id, member);
    fresh.push(member);
  }
  if (byId.size > CONVERSATION_MEMBERS_MAX) {
    throw DomainRefusal.conflict(`A conversation has at most ${CONVERSATION_MEMBERS_MAX} members`, [
      { path: 'members', reason: `at most ${CONVERSATION_MEMBERS_MAX} members`, code: 'too_big' },
    ]);
  }
  return { members: [...byId.values()], added: fresh };
}

/** Refuses a message once the operation has ended (`today`: YYYY-MM-DD, UTC). */
export function assertOpen(conversation: ConversationRecord, today: string): void {
  if (conversation.endsOn && today > conversation.endsOn) {
    throw DomainRefusal.conflict(`The operation ended on ${conversation.endsOn}`, [
      {
        path: 'conversationId',
        reason: `the operation ended on ${conversation.endsOn}`,
        code: 'ended',
      },
    ]);
  }
}

/** Refuses a template the operation does not have. */
export function assertTemplate(
  conversation: ConversationRecord,
  template: string | undefined,
): void {
  if (template !== undefined && !conversation.templates.some((t) => t.name === template)) {
    throw DomainRefusal.validation(`No report template ${template} in this conversation`, [
      { path: 'template', reason: 'not a template of this conversation', code: 'unknown_template' },
    ]);
  }
}

/** The numbers of a page of messages, newest first, that `member` may read, before `before`. */
export function pageNumbers(
  member: Membership,
  lastMessage: number,
  before: number | undefined,
  limit: number,
): { numbers: number[]; more: boolean } {
  const top = Math.min(lastMessage, (before ?? lastMessage + 1) - 1);
  const numbers: number[] = [];
  for (let n = top; n > member.addedAfter && numbers.length < limit; n--) numbers.push(n);
  const lowest = numbers.at(-1);
  return { numbers, more: lowest !== undefined && lowest - 1 > member.addedAfter };
}

/** The key of a message: `<conversation>/<number in 10 digits>`, so keys sort in number order. */
export function messageKey(conversationId: string, number: number): string {
  return `${conversationId}/${String(number).padStart(10, '0')}`;
}

/** The conversation as `user` (a member) reads it. */
export function toConversation(
  conversation: ConversationRecord,
  user: string,
  lastMessage: number,
): Conversation {
  const me = conversation.members.find((m) => m.user === user);
  return {
    id: conversation.id,
    name: conversation.name,
    owner: conversation.owner,
    ...(conversation.startsOn ? { startsOn: conversation.startsOn } : {}),
    ...(conversation.endsOn ? { endsOn: conversation.endsOn } : {}),
    templates: conversation.templates.map((t) => ({ ...t })),
    members: conversation.members.map((m) => ({
      id: m.id,
      type: m.type,
      ...(m.user ? { user: m.user } : {}),
      ...(m.email ? { email: m.email } : {}),
      addedAfter: m.addedAfter,
      addedAt: m.addedAt.toISOString(),
      lastRead: m.lastRead,
    })),
    lastMessage,
    unread: me ? Math.max(0, lastMessage - me.lastRead) : 0,
    createdAt: conversation.createdAt.toISOString(),
    version: conversation.version,
  };
}
