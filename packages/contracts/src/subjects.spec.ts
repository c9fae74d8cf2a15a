import {
  InvalidSubjectError,
  type ServiceName,
  SERVICES,
  assertEventSubject,
  assertRequestSubject,
  consumerName,
  eventFilterSubject,
  eventSubject,
  eventType,
  isEventSubject,
  isRequestSubject,
  parseEventSubject,
  parseRequestSubject,
  queueGroup,
  requestSubject,
} from './subjects';

describe('requestSubject', () => {
  it('joins service, aggregate and verb', () => {
    expect(requestSubject('cases', 'case', 'create')).toBe('cases.case.create');
    expect(requestSubject('reference', 'hs-code', 'list')).toBe('reference.hs-code.list');
  });

  it('names the first version without a version token and later ones with it', () => {
    expect(requestSubject('cases', 'case', 'create', 1)).toBe('cases.case.create');
    expect(requestSubject('cases', 'case', 'create', 2)).toBe('cases.case.create.v2');
    expect(() => requestSubject('cases', 'case', 'create', 0)).toThrow(/Invalid request version 0/);
  });

  it.each([
    ['an upper-case aggregate', 'cases', 'Case', 'create', /aggregate "Case"/],
    ['a dotted verb', 'cases', 'case', 'create.now', /verb "create.now"/],
    ['a wildcard', 'cases', '*', 'create', /aggregate "\*"/],
    ['an empty token', 'cases', 'case', '', /verb ""/],
    ['a leading digit', 'cases', '1case', 'create', /aggregate "1case"/],
    ['an unknown service', 'gateway', 'case', 'create', /Unknown service "gateway"/],
  ])('rejects %s', (_label, service, aggregate, verb, message) => {
    const build = () => requestSubject(service as ServiceName, aggregate, verb);
    expect(build).toThrow(InvalidSubjectError);
    expect(build).toThrow(message);
  });
});

describe('eventSubject', () => {
  it('prefixes the versioned event type with "events."', () => {
    expect(eventType('cases', 'case', 'created', 1)).toBe('cases.case.created.v1');
    expect(eventSubject('cases', 'case', 'created', 1)).toBe('events.cases.case.created.v1');
    expect(eventSubject('persons', 'subject', 'merged', 12)).toBe(
      'events.persons.subject.merged.v12',
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects version %p', (version) => {
    expect(() => eventSubject('cases', 'case', 'created', version)).toThrow(
      /Invalid event version/,
    );
  });
});

describe('parseEventSubject', () => {
  it('returns the parts of a well-formed subject', () => {
    expect(parseEventSubject('events.cases.case.created.v3')).toEqual({
      service: 'cases',
      aggregate: 'case',
      verb: 'created',
      version: 3,
      type: 'cases.case.created.v3',
    });
  });

  it('round-trips what eventSubject builds', () => {
    for (const service of SERVICES) {
      const parsed = parseEventSubject(eventSubject(service, 'some-thing', 'changed', 2));
      expect(parsed).toMatchObject({
        service,
        aggregate: 'some-thing',
        verb: 'changed',
        version: 2,
      });
    }
  });

  it.each([
    ['cases.case.created.v1', /expected events\./],
    ['events.cases.case.created', /expected <service>.<aggregate>.<verb>.v<N>/],
    ['events.cases.case.created.v1.extra', /expected <service>/],
    ['events.cases.case.created.1', /version "1" must be v<N>/],
    ['events.cases.case.created.v0', /version "v0"/],
    ['events.cases.case.created.v01', /version "v01"/],
    ['events.police.case.created.v1', /Unknown service "police"/],
    ['events.cases.Case.created.v1', /aggregate "Case"/],
  ])('rejects %s', (subject, message) => {
    expect(() => parseEventSubject(subject)).toThrow(message);
    expect(() => assertEventSubject(subject)).toThrow(InvalidSubjectError);
    expect(isEventSubject(subject)).toBe(false);
  });

  it('names the whole subject in the error', () => {
    expect(() => parseEventSubject('events.cases.CASE.created.v1')).toThrow(
      'Invalid event subject "events.cases.CASE.created.v1": Invalid event type',
    );
  });
});

describe('parseRequestSubject', () => {
  it('returns the parts of a well-formed subject', () => {
    expect(parseRequestSubject('auth.user.disable')).toEqual({
      service: 'auth',
      aggregate: 'user',
      verb: 'disable',
      version: 1,
    });
    expect(isRequestSubject('auth.user.disable')).toBe(true);
  });

  it('reads the version token of a later version', () => {
    expect(parseRequestSubject('auth.user.disable.v2')).toEqual({
      service: 'auth',
      aggregate: 'user',
      verb: 'disable',
      version: 2,
    });
    expect(parseRequestSubject(requestSubject('cases', 'case', 'create', 12)).version).toBe(12);
  });

  it.each([
    'auth.user',
    'auth.user.disable.now',
    'auth.user.disable.v1',
    'auth.user.disable.v0',
    'auth.user.disable.v2.v3',
    'events.cases.case',
    'auth.user.Disable',
    '',
  ])('rejects %p', (subject) => {
    expect(() => assertRequestSubject(subject)).toThrow(InvalidSubjectError);
    expect(isRequestSubject(subject)).toBe(false);
  });
});

describe('queue groups, consumers and filters', () => {
  it('uses the service name as queue group', () => {
    expect(queueGroup('persons')).toBe('persons');
    expect(() => queueGroup('gateway' as ServiceName)).toThrow(InvalidSubjectError);
  });

  it('names durable consumers <service>-<purpose>', () => {
    expect(consumerName('persons', 'case-counts')).toBe('persons-case-counts');
    expect(() => consumerName('persons', 'case.counts')).toThrow(/consumer purpose/);
  });

  it('filters by service or aggregate', () => {
    expect(eventFilterSubject('cases')).toBe('events.cases.>');
    expect(eventFilterSubject('cases', 'case')).toBe('events.cases.case.>');
    expect(() => eventFilterSubject('cases', '>')).toThrow(InvalidSubjectError);
  });
});
