import { withoutQuery } from './logger';

describe('request URLs in the logs', () => {
  it('keep the path and mask the whole query, whose values may be personal data', () => {
    expect(withoutQuery('/api/v1/persons?name=Ivanov&documentNumber=1234567')).toBe(
      '/api/v1/persons?[redacted]',
    );
    expect(withoutQuery('/api/v1/persons/abc')).toBe('/api/v1/persons/abc');
  });
});
