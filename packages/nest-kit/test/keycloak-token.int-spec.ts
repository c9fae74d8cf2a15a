import { createSign, generateKeyPairSync } from 'node:crypto';
import { decodeJwtPayload, demoUserToken, testInfrastructure } from '@opencen/testing';
import { KeycloakTokenVerifier, ServiceError } from '../src';

function jwtParts(token: string): [string, string, string] {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) throw new Error('not a JWT');
  return [header, payload, signature];
}

describe('Keycloak token verification (keycloak-connect)', () => {
  const verifier = new KeycloakTokenVerifier({
    keycloakUrl: testInfrastructure().keycloakUrl,
    realm: 'opencen',
    clientId: 'opencen-gateway',
  });

  afterEach(() => jest.restoreAllMocks());

  it('accepts a real token of a demo user and reads the principal from it', async () => {
    const officer = await verifier.verify((await demoUserToken('officer')).access_token);
    const officer2 = await verifier.verify((await demoUserToken('officer2')).access_token);
    expect(officer).toMatchObject({
      username: 'officer',
      roles: ['officer'],
      office: expect.any(String),
    });
    expect(officer.sub).toMatch(/\S+/);
    expect(officer2).toMatchObject({ username: 'officer2', roles: ['officer'] });
    expect(officer2.office).not.toBe(officer.office);
  });

  it('reads the clearance the realm gives each demo user', async () => {
    const clearanceOf = async (user: Parameters<typeof demoUserToken>[0]) =>
      (await verifier.verify((await demoUserToken(user)).access_token)).clearance;
    expect(await clearanceOf('officer')).toBe('restricted');
    expect(await clearanceOf('supervisor')).toBe('confidential');
    expect(await clearanceOf('investigator')).toBe('secret');
  });

  it('rejects an expired token', async () => {
    const { access_token } = await demoUserToken('analyst');
    const expiresAt = (decodeJwtPayload(access_token).exp as number) * 1000;
    jest.spyOn(Date, 'now').mockReturnValue(expiresAt + 1000);
    const error = await verifier.verify(access_token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/expired/),
    });
  });

  it('rejects a token forged with another key', async () => {
    const [header, payload] = jwtParts((await demoUserToken('officer')).access_token);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = createSign('RSA-SHA256')
      .update(`${header}.${payload}`)
      .sign(privateKey)
      .toString('base64url');
    await expect(verifier.verify(`${header}.${payload}.${signature}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/signature/),
    });
  });

  it('rejects a tampered token (roles raised, signature kept)', async () => {
    const [header, payload, signature] = jwtParts((await demoUserToken('officer')).access_token);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
      realm_access: { roles: string[] };
    };
    claims.realm_access.roles.push('admin');
    const tampered = Buffer.from(JSON.stringify(claims)).toString('base64url');
    await expect(verifier.verify(`${header}.${tampered}.${signature}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/signature/),
    });
  });

  it('rejects something that is not a token at all', async () => {
    await expect(verifier.verify('not-a-token')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('rejects a valid token meant for another client', async () => {
    const strict = new KeycloakTokenVerifier({
      keycloakUrl: testInfrastructure().keycloakUrl,
      realm: 'opencen',
      clientId: 'some-other-service',
    });
    await expect(
      strict.verify((await demoUserToken('officer')).access_token),
    ).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(/audience/),
    });
  });
});
