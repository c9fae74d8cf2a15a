import { z } from 'zod';

import { catalog, createCatalog } from './catalog';
import { defineConsumer } from './consumers';
import { defineEvent } from './events';
import { defineRequest } from './requests';

const getCase = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'get',
  description: 'Gets one case.',
  request: z.strictObject({ id: z.string() }),
  reply: z.object({ id: z.string() }),
});

const caseOpened = defineEvent({
  service: 'cases',
  aggregate: 'case',
  verb: 'opened',
  version: 1,
  description: 'A case was opened.',
  data: z.object({ id: z.string() }),
});

describe('createCatalog', () => {
  it('finds contracts by subject and type', () => {
    const c = createCatalog({ requests: [getCase], events: [caseOpened] });
    expect(c.requestBySubject('cases.case.get')).toBe(getCase);
    expect(c.eventByType('cases.case.opened.v1')).toBe(caseOpened);
    expect(c.eventBySubject('events.cases.case.opened.v1')).toBe(caseOpened);
    expect(c.requestBySubject('cases.case.delete')).toBeUndefined();
    expect(c.eventByType('events.cases.case.opened.v1')).toBeUndefined();
  });

  it('refuses a consumer of an event outside the catalog, and two consumers with one name', () => {
    const reader = defineConsumer({
      service: 'persons',
      purpose: 'openings',
      description: 'Reads openings.',
      events: [caseOpened],
    });
    expect(() => createCatalog({ requests: [], events: [], consumers: [reader] })).toThrow(
      'Consumer persons-openings reads cases.case.opened.v1, which is not in the catalog',
    );
    expect(() =>
      createCatalog({ requests: [], events: [caseOpened], consumers: [reader, reader] }),
    ).toThrow('Duplicate consumer in the contract catalog: persons-openings');
    expect(
      createCatalog({ requests: [], events: [caseOpened], consumers: [reader] }).consumers,
    ).toEqual([reader]);
  });

  it('refuses two contracts with one name', () => {
    const again = defineEvent({ ...caseOpened, description: 'Another definition.' });
    expect(() => createCatalog({ requests: [], events: [caseOpened, again] })).toThrow(
      'Duplicate event type in the contract catalog: cases.case.opened.v1',
    );
    expect(() => createCatalog({ requests: [getCase, getCase], events: [] })).toThrow(
      /Duplicate request subject/,
    );
  });
});

describe('the system catalog', () => {
  it('is consistent with its own lookups', () => {
    for (const request of catalog.requests) {
      expect(catalog.requestBySubject(request.subject)).toBe(request);
    }
    for (const event of catalog.events) {
      expect(catalog.eventBySubject(event.subject)).toBe(event);
    }
  });
});
