import { buildEvent, caseCreated, caseRejected, watchlistHit } from '@opencen/contracts';

import { type CaseFacts } from '../domain/recipient-rules';
import { inboxWorld } from '../testing/inbox.fixtures';
import { NotifyFromEvents } from './notify-from-events';

const data = {
  caseId: 'case-1',
  number: 'FRA-CDG-2026-000007',
  office: 'FRA-CDG',
  type: 'seizure' as const,
  status: 'draft' as const,
  version: 1,
  classification: 'restricted' as const,
  subjects: [],
};

function world() {
  const w = inboxWorld();
  w.recipients.add('owner', 'FRA-ORY');
  w.recipients.add('author', 'FRA-CDG');
  // A store that takes its time to write: the events that follow must still see what it wrote.
  const record = w.facts.recordCase.bind(w.facts);
  w.facts.recordCase = (facts: CaseFacts) =>
    new Promise<void>((resolve) => setTimeout(() => void record(facts).then(resolve), 30));
  return { ...w, notify: new NotifyFromEvents(w.deliver, w.facts) };
}

const envelope = { correlationId: 'c-1' };

describe('NotifyFromEvents', () => {
  it("handles one case's events in the order given, though they are handled at once", async () => {
    const { notify, store } = world();
    const created = buildEvent(caseCreated, {
      ...envelope,
      subject: 'case-1',
      actor: 'author',
      data,
    });
    const hit = buildEvent(watchlistHit, {
      ...envelope,
      subject: 'alert-1',
      actor: 'persons',
      data: {
        alertId: 'alert-1',
        subjectType: 'person',
        subjectId: 'p-1',
        caseId: 'case-1',
        ownerOffice: 'FRA-ORY',
        ownerOfficer: 'owner',
      },
    });
    const rejected = buildEvent(caseRejected, {
      ...envelope,
      subject: 'case-1',
      actor: 'supervisor',
      data: { ...data, from: 'submitted' },
    });
    await Promise.all([
      notify.caseCreated(created),
      notify.watchlistHit(hit),
      notify.caseRejected(rejected),
    ]);
    expect(store.notifications.get(`owner/${hit.id}`)?.link).toEqual({
      type: 'case',
      id: 'case-1',
      label: 'FRA-CDG-2026-000007',
    });
    expect(store.notifications.get(`author/${rejected.id}`)?.kind).toBe('case-rejected');
  });
});
