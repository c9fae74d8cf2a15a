import {
  createConversation,
  listMessages,
  messagePosted,
  newMemberSchema,
  postMessage,
} from './conversation.contracts';

describe('conversation contracts', () => {
  it('refuses unknown fields, a missing name, and an end before the start, naming the field', () => {
    const paths = (request: unknown) =>
      createConversation.request.safeParse(request).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ name: 'Op', colour: 'red' })).toEqual(['']);
    expect(paths({})).toEqual(['name']);
    expect(paths({ name: 'Op', startsOn: '2026-12-10', endsOn: '2026-12-01' })).toEqual(['endsOn']);
    expect(createConversation.request.parse({ name: 'Op' })).toEqual({
      name: 'Op',
      members: [],
      templates: [],
    });
  });

  it('takes members as a user or an address, never both', () => {
    expect(newMemberSchema.safeParse({ user: 'u1' }).success).toBe(true);
    expect(newMemberSchema.safeParse({ email: 'partner@customs.example' }).success).toBe(true);
    expect(
      newMemberSchema.safeParse({ user: 'u1', email: 'partner@customs.example' }).success,
    ).toBe(false);
    expect(newMemberSchema.safeParse({ email: 'not an address' }).success).toBe(false);
  });

  it('bounds messages and their pages', () => {
    expect(postMessage.request.safeParse({ conversationId: 'c1', body: ' ' }).success).toBe(false);
    expect(listMessages.request.safeParse({ conversationId: 'c1', limit: 101 }).success).toBe(
      false,
    );
  });

  it('publishes ids, never a body', () => {
    expect(Object.keys(messagePosted.data.shape).sort()).toEqual([
      'attachments',
      'author',
      'conversationId',
      'number',
    ]);
  });
});
