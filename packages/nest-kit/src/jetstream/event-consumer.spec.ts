import { caseCreated, caseSubmitted, defineConsumer, watchlistHit } from '@opencen/contracts';

import { assertAsDeclared, onEvent } from './event-consumer';

const declared = defineConsumer({
  service: 'notifications',
  purpose: 'spec',
  description: 'Reads created and submitted cases.',
  events: [caseCreated, caseSubmitted],
});
const handle = async (): Promise<void> => {};

describe('a declared consumer', () => {
  it('starts when its handlers are its declared events', () => {
    expect(() =>
      assertAsDeclared(declared, [onEvent(caseSubmitted, handle), onEvent(caseCreated, handle)]),
    ).not.toThrow();
  });

  it('refuses handlers that differ from the declaration, naming each difference', () => {
    expect(() => assertAsDeclared(declared, [onEvent(caseCreated, handle)])).toThrow(
      `no handler for ${caseSubmitted.type}`,
    );
    expect(() =>
      assertAsDeclared(declared, [
        onEvent(caseCreated, handle),
        onEvent(caseSubmitted, handle),
        onEvent(watchlistHit, handle),
      ]),
    ).toThrow(`undeclared ${watchlistHit.type}`);
  });
});
