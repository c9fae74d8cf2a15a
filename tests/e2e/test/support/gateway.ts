import { randomBytes } from 'node:crypto';
import { type DemoUser, demoUserToken, eventually } from '@opencen/testing';

/** Where global setup started the gateway. */
export function gatewayUrl(): string {
  const url = process.env.E2E_GATEWAY_URL;
  if (!url)
    throw new Error(
      'E2E_GATEWAY_URL is not set: run the e2e tests through jest (npx jest in tests/e2e)',
    );
  return url;
}

const tokens = new Map<DemoUser, Promise<string>>();

/** A real access token of a demo user, from Keycloak; one per user and test file. */
export function tokenOf(user: DemoUser): Promise<string> {
  let token = tokens.get(user);
  if (!token) {
    token = demoUserToken(user).then((set) => set.access_token);
    tokens.set(user, token);
  }
  return token;
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Call {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** A demo user whose token is sent, or a raw Authorization header value. */
  as?: DemoUser | { authorization: string };
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTP call to the gateway; the body is parsed when it is JSON. */
export async function api<T = Record<string, unknown>>(
  path: string,
  call: Call = {},
): Promise<Reply<T>> {
  const headers = new Headers(call.headers);
  if (typeof call.as === 'string') headers.set('authorization', `Bearer ${await tokenOf(call.as)}`);
  else if (call.as) headers.set('authorization', call.as.authorization);
  if (call.body !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(`${gatewayUrl()}${path}`, {
    method: call.method ?? 'GET',
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  const text = await response.text();
  const json = /json/.test(response.headers.get('content-type') ?? '') && text !== '';
  return {
    status: response.status,
    headers: response.headers,
    body: (json ? JSON.parse(text) : text) as T,
  };
}

/**
 * The purpose of a search or an export (`OpenCEN-Purpose`): the gateway refuses person, company
 * and conveyance searches, matches and exports without it, and records it in the audit trail.
 */
export const PURPOSE = { 'OpenCEN-Purpose': 'E2E-2026-0001 end-to-end test' } as const;

/** A problem document, as the gateway answers errors. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  correlationId: string;
  code?: string;
  errors: { path: string; reason: string }[];
}

/** A code no other test uses, in the format of the lists with UPPER_SNAKE codes. */
export function uniqueCode(prefix = 'E2E'): string {
  return `${prefix}_${randomBytes(4).toString('hex').toUpperCase()}`;
}

/**
 * Waits until a list of the gateway (`path`, read as `as`) holds exactly the ids `expected`, for
 * at most `withinMs`: the bound the contracts document for a change to be searchable.
 */
export async function untilListed(
  path: string,
  as: DemoUser,
  expected: readonly string[],
  withinMs: number,
): Promise<void> {
  await eventually(
    async () => {
      const reply = await api<{ items: { id: string }[] }>(path, { as, headers: PURPOSE });
      const ids = reply.body.items.map((item) => item.id);
      if (JSON.stringify(ids) !== JSON.stringify(expected)) {
        throw new Error(`${path} lists ${JSON.stringify(ids)}`);
      }
    },
    withinMs,
    `${path} listing ${expected.join(', ')}`,
  );
}
