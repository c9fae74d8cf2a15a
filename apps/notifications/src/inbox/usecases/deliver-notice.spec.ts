import { type EventOf, notificationCreated } from '@opencen/contracts';

import { watchlistHitNotice } from '../domain/recipient-rules';
import { inboxWorld } from '../testing/inbox.fixtures';

const hit = { alertId: 'alert-1', caseId: 'case-1', ownerOffice: 'FRA-ORY', ownerOfficer: 'owner' };
const cause = { eventId: '6f1d2c3b-4a59-4e8d-9c7b-6a5f4e3d2c1b', actor: 'sub-officer' };

function world() {
  const w = inboxWorld();
  w.recipients.add('owner', 'FRA-ORY', { language: 'fr' });
  w.recipients.add('sup-ory', 'FRA-ORY', { supervisor: true, language: 'ar' });
  w.recipients.add('sup-cdg', 'FRA-CDG', { supervisor: true });
  return w;
}

const created = (events: readonly unknown[]) =>
  events.map(
    (event) => notificationCreated.envelope.parse(event) as EventOf<typeof notificationCreated>,
  );

describe('DeliverNotice', () => {
  it('stores one notification per recipient, in their language, each with its created event', async () => {
    const { deliver, store } = world();
    const delivery = await deliver.execute(watchlistHitNotice(hit, cause, 'FRA-CDG-2026-000001'));
    expect(delivery.stored.sort()).toEqual(['owner', 'sup-ory']);
    expect(store.notifications.get(`owner/${cause.eventId}`)).toMatchObject({
      kind: 'watchlist-hit',
      language: 'fr',
      text: 'Alerte de surveillance alert-1 : concordance dans le dossier FRA-CDG-2026-000001',
      read: false,
      channels: ['in-app'],
    });
    expect(store.notifications.get(`sup-ory/${cause.eventId}`)?.language).toBe('ar');
    const [event] = created(store.events);
    expect(event!.subject).toBe(`${event!.data.recipient}/${cause.eventId}`);
    expect(event!.data).toMatchObject({
      kind: 'watchlist-hit',
      channels: ['in-app'],
      cause: cause.eventId,
      link: { type: 'case', id: 'case-1', label: 'FRA-CDG-2026-000001' },
    });
  });

  it('stores nothing the second time the same notice comes (a redelivered event)', async () => {
    const { deliver, store } = world();
    const notice = watchlistHitNotice(hit, cause);
    await deliver.execute(notice);
    const again = await deliver.execute(notice);
    expect(again.stored).toEqual([]);
    expect(again.existing.sort()).toEqual(['owner', 'sup-ory']);
    expect(store.notifications.size).toBe(2);
    expect(store.events).toHaveLength(2);
  });

  it('tells nobody who turned the kind off; e-mail only goes with its channels in the event', async () => {
    const { deliver, store, preferences } = world();
    preferences.chosen.set('sup-ory:watchlist-hit', []);
    preferences.chosen.set('owner:watchlist-hit', ['email']);
    const delivery = await deliver.execute(watchlistHitNotice(hit, cause));
    expect(delivery.off).toEqual(['sup-ory']);
    expect(store.notifications.get(`owner/${cause.eventId}`)?.channels).toEqual(['email']);
    expect(created(store.events).map((event) => event.data.channels)).toEqual([['email']]);
  });

  it("stores one recipient's notifications in turn: their events come in the order of their positions", async () => {
    const { deliver, store, clock } = world();
    const notices = Array.from({ length: 5 }, (_, i) =>
      watchlistHitNotice(hit, { ...cause, eventId: `ev-${i}` }),
    );
    await Promise.all(
      notices.map(async (notice) => {
        clock.advance(1);
        await deliver.execute(notice);
      }),
    );
    const positions = created(store.events)
      .filter((event) => event.data.recipient === 'owner')
      .map((event) => event.data.position);
    expect(positions).toHaveLength(5);
    expect([...positions].sort()).toEqual(positions);
  });

  it('does not tell the one who caused it', async () => {
    const { deliver, store } = world();
    await deliver.execute(watchlistHitNotice(hit, { ...cause, actor: 'owner' }));
    expect([...store.notifications.keys()]).toEqual([`sup-ory/${cause.eventId}`]);
  });
});
