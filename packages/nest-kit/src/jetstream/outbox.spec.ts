import { toOutboxEntries, withEvents } from './outbox';

const event = {
  specversion: '1.0' as const,
  id: 'e-1',
  source: '/opencen/cases',
  type: 'cases.case.created.v1',
  subject: 'c-1',
  time: '2026-11-28T10:00:00.000Z',
  datacontenttype: 'application/json' as const,
  data: { 'weird.key': 1 },
  correlationid: 'corr',
  actor: 'u-1',
};

describe('outbox entries', () => {
  it('keep the event as its JSON, published on its events subject', () => {
    const [entry] = toOutboxEntries([event]);
    expect(entry).toMatchObject({ id: 'e-1', subject: 'events.cases.case.created.v1' });
    expect(JSON.parse(entry!.payload)).toEqual(event);
  });

  it('ride in the same update as the change', () => {
    const update = withEvents({ $set: { status: 'closed' }, $push: { notes: 'n' } }, [event]);
    expect(update.$set).toEqual({ status: 'closed' });
    expect(update.$push).toMatchObject({
      notes: 'n',
      outbox: { $each: [expect.objectContaining({ id: 'e-1' })] },
    });
  });
});
