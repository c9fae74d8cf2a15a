import { HEADERS } from '@opencen/contracts';
import { headers as natsHeaders } from 'nats';
import { contextFromHeaders, contextHeaders } from './headers';

describe('context headers', () => {
  it('carry the principal, correlation and causation ids to the next service', () => {
    const context = {
      correlationId: 'corr-1',
      causationId: 'evt-9',
      principal: { sub: 'u-1', username: 'officer', roles: ['officer' as const], office: 'FRCDG' },
    };
    expect(contextFromHeaders(contextHeaders(context))).toEqual(context);
  });

  it('start a new correlation when none came in', () => {
    const context = contextFromHeaders(undefined);
    expect(context.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.principal).toBeUndefined();
  });

  it('refuse a principal header that does not decode', () => {
    const headers = natsHeaders();
    headers.set(HEADERS.principal, 'not-base64-json');
    expect(() => contextFromHeaders(headers)).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
  });
});
