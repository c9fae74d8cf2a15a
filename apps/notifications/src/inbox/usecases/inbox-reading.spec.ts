import { type Principal } from '@opencen/contracts';
import { type Clock } from '@opencen/nest-kit';

import { caseSubmittedNotice } from '../domain/recipient-rules';
import { inboxWorld } from '../testing/inbox.fixtures';
import { MarkRead } from './mark-read';

const supervisor: Principal = {
  sub: 'sup-1',
  username: 'sup',
  roles: ['supervisor'],
  office: 'FRA-CDG',
};
const other: Principal = {
  sub: 'sup-2',
  username: 'sup2',
  roles: ['supervisor'],
  office: 'FRA-CDG',
};
const context = (principal?: Principal) => ({
  correlationId: 'c-1',
  ...(principal ? { principal } : {}),
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return (error as { code?: string } | undefined)?.code ?? 'NONE';
}

describe('MarkRead', () => {
  async function world() {
    const w = inboxWorld();
    w.recipients.add('sup-1', 'FRA-CDG', { supervisor: true });
    await w.deliver.execute(
      caseSubmittedNotice(
        { caseId: 'c', number: 'FRA-CDG-2026-000004', office: 'FRA-CDG' },
        { eventId: 'e-1', actor: 'officer' },
      ),
    );
    return { ...w, markRead: new MarkRead(w.store, w.clock as unknown as Clock) };
  }

  it("marks the caller's own notification read, once", async () => {
    const { markRead, store } = await world();
    const read = await markRead.execute({ id: 'e-1', context: context(supervisor) });
    expect(read).toMatchObject({ id: 'e-1', read: true, readAt: '2026-12-07T10:00:00.000Z' });
    await markRead.execute({ id: 'e-1', context: context(supervisor) });
    expect(store.events.map((event) => event.type)).toEqual([
      'notifications.notification.created.v1',
      'notifications.notification.read.v1',
    ]);
  });

  it("finds no other user's notification, and needs a principal", async () => {
    const { markRead } = await world();
    expect(await refusal(markRead.execute({ id: 'e-1', context: context(other) }))).toBe(
      'NOT_FOUND',
    );
    expect(await refusal(markRead.execute({ id: 'e-1', context: context() }))).toBe(
      'UNAUTHENTICATED',
    );
  });
});
