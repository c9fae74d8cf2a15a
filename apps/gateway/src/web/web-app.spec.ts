import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { createLogger } from '@opencen/nest-kit';
import { loadGatewayEnv } from '../config/env';
import { createGateway } from '../gateway';
import { StubAuditPublisher, StubNats } from '../testing/gateway-harness';
import { contentSecurityPolicy } from './web-app';

// The gateway serving a web build from a temporary folder, NATS and Keycloak stubbed.

let dist: string;
let app: NestExpressApplication;
let base: string;

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'opencen-web-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg/>');
  const env = loadGatewayEnv({
    NODE_ENV: 'test',
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    KEYCLOAK_URL: 'http://keycloak.internal:8080',
    KEYCLOAK_PUBLIC_URL: 'https://login.customs.example/',
    WEB_DIST_DIR: dist,
  });
  app = await createGateway({
    env,
    logger: createLogger('gateway', 'silent'),
    ports: {
      tokenVerifier: { verifyToken: () => Promise.reject(new Error('no tokens in this test')) },
      nats: new StubNats(() => Promise.reject(new Error('no NATS in this test'))),
      audit: new StubAuditPublisher(),
      keycloak: { check: async () => undefined },
    },
  });
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the web app on the gateway', () => {
  it('serves index.html at / with the security headers and no long cache', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain('<div id="root">');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' https://login.customs.example");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('answers index.html for a path of the app (the browser routes it)', async () => {
    const response = await fetch(`${base}/cases/FRACDG-2026-000001`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
  });

  it('serves hashed assets with a long, immutable cache', async () => {
    const response = await fetch(`${base}/assets/index-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe('console.log(1)');
    const other = await fetch(`${base}/favicon.svg`);
    expect(other.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers 404 for a missing file, not the page', async () => {
    const response = await fetch(`${base}/assets/index-gone.js`);
    expect(response.status).toBe(404);
  });

  it('never serves a file outside the build', async () => {
    const response = await fetch(`${base}/..%2f..%2fetc%2fpasswd`);
    expect(response.status).not.toBe(200);
  });

  it('gives the app its configuration: Keycloak as browsers reach it, the realm, the client', async () => {
    const response = await fetch(`${base}/config.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      keycloakUrl: 'https://login.customs.example',
      realm: 'opencen',
      clientId: 'opencen-web',
    });
  });

  it('leaves the API to the API: an unknown API path is a problem document', async () => {
    const response = await fetch(`${base}/api/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(response.headers.get('content-security-policy')).toBeNull();
  });
});

describe('contentSecurityPolicy', () => {
  it('names only the origin of Keycloak, not its path', () => {
    expect(contentSecurityPolicy('http://127.0.0.1:8180/auth')).toContain(
      "connect-src 'self' http://127.0.0.1:8180;",
    );
  });
});
