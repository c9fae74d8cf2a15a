import { InvalidEnvironmentError } from '@opencen/nest-kit';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCAL_AUDIT_CRITERIA_HMAC_KEY, gatewayEnvShape, loadGatewayEnv } from './env';

describe('gateway environment', () => {
  it('has defaults for a local run and needs no MongoDB', () => {
    const env = loadGatewayEnv({});
    expect(env).toMatchObject({
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 3000,
      KEYCLOAK_URL: 'http://127.0.0.1:8180',
      KEYCLOAK_REALM: 'opencen',
      KEYCLOAK_CLIENT_ID: 'opencen-gateway',
    });
    expect(env).not.toHaveProperty('MONGO_URL');
  });

  it('drops a trailing slash of the Keycloak URL (it must equal the tokens’ issuer base)', () => {
    expect(loadGatewayEnv({ KEYCLOAK_URL: 'https://sso.customs.example/' }).KEYCLOAK_URL).toBe(
      'https://sso.customs.example',
    );
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      loadGatewayEnv({ KEYCLOAK_URL: 'ftp://sso', RATE_LIMIT_MAX: '0', HTTP_PORT: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    expect((error as InvalidEnvironmentError).problems.map((p) => p.variable).sort()).toEqual([
      'HTTP_PORT',
      'KEYCLOAK_URL',
      'RATE_LIMIT_MAX',
    ]);
  });

  it('skips the access records only for a benchmark (NODE_ENV=test)', () => {
    expect(loadGatewayEnv({}).AUDIT_READS).toBe('record');
    expect(loadGatewayEnv({ NODE_ENV: 'test', AUDIT_READS: 'skip' }).AUDIT_READS).toBe('skip');
    for (const NODE_ENV of ['development', 'production']) {
      expect(() => loadGatewayEnv({ NODE_ENV, AUDIT_READS: 'skip' })).toThrow(/AUDIT_READS/);
    }
  });

  it('refuses the local audit criteria key in production, and takes a key given', () => {
    expect(loadGatewayEnv({}).AUDIT_CRITERIA_HMAC_KEY).toBe(LOCAL_AUDIT_CRITERIA_HMAC_KEY);
    expect(() => loadGatewayEnv({ NODE_ENV: 'production' })).toThrow(/AUDIT_CRITERIA_HMAC_KEY/);
    const key = 'a'.repeat(64);
    expect(
      loadGatewayEnv({ NODE_ENV: 'production', AUDIT_CRITERIA_HMAC_KEY: key })
        .AUDIT_CRITERIA_HMAC_KEY,
    ).toBe(key);
    expect(() => loadGatewayEnv({ AUDIT_CRITERIA_HMAC_KEY: 'short' })).toThrow(
      /AUDIT_CRITERIA_HMAC_KEY/,
    );
  });

  it('lists every variable in .env.example', () => {
    const example = readFileSync(path.join(__dirname, '..', '..', '.env.example'), 'utf8');
    for (const variable of Object.keys(gatewayEnvShape.shape)) {
      expect(example).toMatch(new RegExp(`^${variable}=`, 'm'));
    }
  });
});
