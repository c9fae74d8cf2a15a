import { CONVERSATION_MEMBERS_MAX } from '@opencen/contracts';

import {
  type ConversationRecord,
  assertOpen,
  externalMemberId,
  memberOrNotFound,
  membershipOf,
  pageNumbers,
  messageKey,
  toConversation,
  withMembers,
} from './conversation';

const at = new Date('2026-12-07T10:00:00Z');
const conversation: ConversationRecord = {
  id: 'c1',
  name: 'Operation Tide',
  owner: 'u-owner',
  endsOn: '2026-12-31',
  templates: [],
  members: [
    membershipOf({ user: 'u-owner' }, 0, at),
    membershipOf({ user: 'u-late' }, 5, at),
    membershipOf({ email: 'Partner@Customs.example' }, 0, at),
  ],
  lastMessage: 8,
  lastActivityAt: at,
  createdAt: at,
  version: 3,
};

describe('conversations', () => {
  it('names an outside member by a hash of the address, whatever its case', () => {
    expect(externalMemberId('partner@customs.example')).toBe(
      externalMemberId(' Partner@Customs.EXAMPLE'),
    );
    expect(externalMemberId('partner@customs.example')).toMatch(/^ext-[0-9a-f]{32}$/);
    expect(conversation.members[2]).toMatchObject({
      type: 'external',
      email: 'partner@customs.example',
    });
  });

  it('does not exist for a non-member, nor for an outside party (who cannot sign in)', () => {
    expect(() => memberOrNotFound(conversation, 'c1', 'u-stranger')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => memberOrNotFound(null, 'c1', 'u-owner')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(memberOrNotFound(conversation, 'c1', 'u-late').addedAfter).toBe(5);
  });

  it('adds each member once, within the maximum', () => {
    const { members, added } = withMembers(conversation.members, [
      membershipOf({ user: 'u-owner' }, 8, at),
      membershipOf({ user: 'u-new' }, 8, at),
    ]);
    expect(added.map((m) => m.id)).toEqual(['u-new']);
    expect(members).toHaveLength(4);
    const crowd = Array.from({ length: CONVERSATION_MEMBERS_MAX }, (_, i) =>
      membershipOf({ user: `u${i}` }, 0, at),
    );
    expect(() => withMembers(conversation.members, crowd)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });

  it('pages the messages a member may read, newest first, from their addition on', () => {
    const late = conversation.members[1]!;
    expect(pageNumbers(late, 8, undefined, 2)).toEqual({ numbers: [8, 7], more: true });
    expect(pageNumbers(late, 8, 7, 5)).toEqual({ numbers: [6], more: false });
    expect(pageNumbers(conversation.members[0]!, 8, 3, 5)).toEqual({
      numbers: [2, 1],
      more: false,
    });
    expect(pageNumbers(late, 5, undefined, 5)).toEqual({ numbers: [], more: false });
  });

  it('keys messages so that they sort in number order', () => {
    expect(messageKey('c1', 12)).toBe('c1/0000000012');
    expect(messageKey('c1', 9) < messageKey('c1', 10)).toBe(true);
  });

  it('refuses messages once the operation has ended', () => {
    expect(() => assertOpen(conversation, '2026-12-31')).not.toThrow();
    expect(() => assertOpen(conversation, '2027-01-01')).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });

  it('counts unread messages from the reader’s receipt', () => {
    expect(toConversation(conversation, 'u-late', 8).unread).toBe(3);
    expect(toConversation(conversation, 'u-owner', 8).unread).toBe(8);
  });
});
