import {
  HEADERS,
  InvalidPrincipalHeaderError,
  type Principal,
  decodePrincipalHeader,
  encodePrincipalHeader,
  knownRoles,
} from './principal';

const officer: Principal = {
  sub: '5f0c3a1e-8d2b-4c57-9a0e-1b2c3d4e5f60',
  username: 'élodie.martin',
  roles: ['officer', 'supervisor'],
  office: 'FRCDG',
};

const encodeRaw = (value: unknown) =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('principal header', () => {
  it('round-trips a principal, including non-ASCII usernames', () => {
    const header = encodePrincipalHeader(officer);
    expect(header).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePrincipalHeader(header)).toEqual(officer);
  });

  it('round-trips a principal without office', () => {
    const { office: _office, ...service } = officer;
    const decoded = decodePrincipalHeader(encodePrincipalHeader(service));
    expect(decoded).toEqual(service);
    expect('office' in decoded).toBe(false);
  });

  it('drops roles it does not know instead of rejecting the principal', () => {
    const header = encodeRaw({
      ...officer,
      roles: ['offline_access', 'analyst', 'default-roles-opencen', 'analyst', 42],
    });
    expect(decodePrincipalHeader(header).roles).toEqual(['analyst']);
  });

  it.each([
    ['an empty header', ''],
    ['a header outside the base64url alphabet', `${encodePrincipalHeader(officer)}!`],
    ['standard base64 with padding', Buffer.from(JSON.stringify(officer)).toString('base64')],
    ['a truncated header', encodePrincipalHeader(officer).slice(0, -3)],
    ['a header that is not JSON', Buffer.from('sub=123').toString('base64url')],
    ['a header that is not UTF-8', Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')],
    ['a JSON array', encodeRaw([officer])],
    ['a principal without sub', encodeRaw({ ...officer, sub: undefined })],
    ['a principal with an empty username', encodeRaw({ ...officer, username: '' })],
    ['roles that are not a list', encodeRaw({ ...officer, roles: 'admin' })],
    ['an absurdly long header', 'A'.repeat(10_000)],
  ])('rejects %s', (_label, header) => {
    expect(() => decodePrincipalHeader(header)).toThrow(InvalidPrincipalHeaderError);
  });

  it('rejects a header whose bytes were tampered with', () => {
    const header = encodePrincipalHeader(officer);
    // The header is not signed (NATS permissions guard who may publish), so a change inside a
    // value goes unnoticed; a change that breaks the structure must not. Here the fourth character
    // turns the key "sub" into "@ub", leaving the principal without a subject.
    const tampered = header.slice(0, 3) + (header[3] === 'A' ? 'B' : 'A') + header.slice(4);
    expect(() => decodePrincipalHeader(tampered)).toThrow(InvalidPrincipalHeaderError);
  });

  it('says what is wrong without echoing the header', () => {
    const header = encodeRaw({ ...officer, sub: 12 });
    expect(() => decodePrincipalHeader(header)).toThrow(/sub: Invalid input: expected string/);
    try {
      decodePrincipalHeader(header);
    } catch (error) {
      expect((error as Error).message).not.toContain(officer.username);
    }
  });

  it('refuses to encode an invalid principal', () => {
    const bad = { ...officer, roles: ['root'] } as unknown as Principal;
    expect(() => encodePrincipalHeader(bad)).toThrow(/Cannot encode principal: roles\.0/);
  });

  it('names the NATS headers', () => {
    expect(HEADERS).toEqual({
      principal: 'x-opencen-principal',
      correlationId: 'x-correlation-id',
      causationId: 'x-causation-id',
      idempotencyKey: 'x-opencen-idempotency-key',
    });
  });
});

describe('knownRoles', () => {
  it('keeps known roles once, in first order', () => {
    expect(knownRoles(['admin', 'uma_authorization', 'officer', 'admin'])).toEqual([
      'admin',
      'officer',
    ]);
  });
});
