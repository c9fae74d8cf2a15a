import { z } from 'zod';

import { defineConsumer, undeclaredDifference } from './consumers';
import { defineEvent } from './events';

const opened = defineEvent({
  service: 'cases',
  aggregate: 'case',
  verb: 'opened',
  version: 1,
  description: 'A case was opened.',
  data: z.object({ id: z.string() }),
});
const closed = defineEvent({ ...opened, verb: 'closed', description: 'A case was closed.' });

describe('defineConsumer', () => {
  it('names the durable after the service and purpose', () => {
    const consumer = defineConsumer({
      service: 'notifications',
      purpose: 'openings',
      description: 'Tells of openings.',
      events: [opened],
    });
    expect(consumer.durable).toBe('notifications-openings');
  });

  it('refuses an event listed twice and a purpose that is not a subject token', () => {
    const base = { service: 'notifications', description: 'x' } as const;
    expect(() => defineConsumer({ ...base, purpose: 'twice', events: [opened, opened] })).toThrow(
      'Consumer twice lists cases.case.opened.v1 twice',
    );
    expect(() => defineConsumer({ ...base, purpose: 'a.b', events: [opened] })).toThrow();
  });
});

describe('undeclaredDifference', () => {
  const consumer = defineConsumer({
    service: 'notifications',
    purpose: 'cases',
    description: 'x',
    events: [opened, closed],
  });

  it('is empty when the handlers are the declaration', () => {
    expect(undeclaredDifference(consumer, [closed.type, opened.type])).toEqual({
      unhandled: [],
      undeclared: [],
    });
  });

  it('names the declared events without a handler and the handled ones not declared', () => {
    expect(undeclaredDifference(consumer, [opened.type, 'persons.person.created.v1'])).toEqual({
      unhandled: [closed.type],
      undeclared: ['persons.person.created.v1'],
    });
  });
});
