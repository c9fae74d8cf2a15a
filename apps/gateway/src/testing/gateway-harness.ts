import { type NestExpressApplication } from '@nestjs/platform-express';
import { type Notification, type Principal, type RequestContract } from '@opencen/contracts';
import {
  type AuditAccessRecord,
  type RequestContext,
  ServiceError,
  type VerifiedToken,
  createLogger,
} from '@opencen/nest-kit';
import { loadGatewayEnv } from '../config/env';
import { createGateway } from '../gateway';
import { type ContractRoute } from '../http/contract-route';
import { type LiveFeed } from '../notifications/live-feed';

// For unit tests of routes: the gateway over HTTP with Keycloak, NATS and the audit stream stubbed.
// Each role has a token `<role>-token`, issued to the client CLIENT_ID; officers, supervisors and
// investigators belong to FRA-CDG.

export const ROLES = [
  'officer',
  'supervisor',
  'investigator',
  'analyst',
  'admin',
  'liaison',
  'auditor',
] as const;

/** The purpose header of a search or an export that needs one (`OpenCEN-Purpose`). */
export const PURPOSE = { 'OpenCEN-Purpose': 'FRACDG-2026-000042' } as const;

/** The client (`azp`) every stub token was issued to. */
export const CLIENT_ID = 'opencen-web';

const principals: Record<string, Principal> = Object.fromEntries(
  ROLES.map((role) => [
    `${role}-token`,
    {
      sub: `sub-${role}`,
      username: role,
      roles: [role],
      ...(['officer', 'supervisor', 'investigator'].includes(role) ? { office: 'FRA-CDG' } : {}),
    },
  ]),
);

const tokenVerifier = {
  async verifyToken(token: string): Promise<VerifiedToken> {
    const principal = principals[token];
    if (!principal) throw new ServiceError('UNAUTHENTICATED', 'invalid token');
    return { principal, clientId: CLIENT_ID };
  },
};

export interface Sent {
  subject: string;
  payload: Record<string, unknown>;
  context: RequestContext;
}

export type Replier = (subject: string, payload: Record<string, unknown>) => Promise<unknown>;

/** NATS as the gateway sees it: records what is sent and answers with `reply`. */
export class StubNats {
  sent: Sent[] = [];
  constructor(public reply: Replier) {}

  readonly client = {
    send: async (
      contract: RequestContract,
      payload: unknown,
      options: { context?: RequestContext } = {},
    ) => {
      const sent = {
        subject: contract.subject,
        payload: payload as Record<string, unknown>,
        context: options.context!,
      };
      this.sent.push(sent);
      return this.reply(sent.subject, sent.payload);
    },
  } as never;

  readonly health = { check: async () => undefined };
}

/**
 * The audit stream as the gateway sees it: keeps what is published (`published`, in order), fails
 * every publish while `failure` is set (nothing is kept), and can hold the next publishes until
 * the test lets them through ({@link hold}).
 */
export class StubAuditPublisher {
  published: AuditAccessRecord[] = [];
  failure: Error | undefined;
  private gate: Promise<void> | undefined;
  private arrived: ((record: AuditAccessRecord) => void) | undefined;

  async publish(record: AuditAccessRecord): Promise<void> {
    if (this.failure) throw this.failure;
    this.arrived?.(record);
    if (this.gate) await this.gate;
    if (this.failure) throw this.failure;
    this.published.push(record);
  }

  async check(): Promise<void> {
    if (this.failure) throw this.failure;
  }

  /**
   * Holds publishes until `release` (stored) or `fail` (refused); `publishing` resolves with the
   * first record that arrives meanwhile.
   */
  hold(): {
    publishing: Promise<AuditAccessRecord>;
    release: () => void;
    fail: (error: Error) => void;
  } {
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    const publishing = new Promise<AuditAccessRecord>((resolve) => (this.arrived = resolve));
    const reopen = () => {
      this.gate = undefined;
      this.arrived = undefined;
      open();
    };
    return {
      publishing,
      release: reopen,
      fail: (error) => {
        this.failure = error;
        reopen();
      },
    };
  }

  reset(): void {
    this.published = [];
    this.failure = undefined;
    this.gate = undefined;
    this.arrived = undefined;
  }
}

/** The live feed as a test drives it: it pushes a notification to whoever streams a user. */
export class StubLiveFeed implements LiveFeed {
  readonly heartbeatMs: number;
  private readonly streams = new Map<
    number,
    { user: string; receive: (n: Notification) => void }
  >();
  private next = 0;

  constructor(heartbeatMs = 15_000) {
    this.heartbeatMs = heartbeatMs;
  }

  async subscribe(user: string, receive: (notification: Notification) => void) {
    const id = (this.next += 1);
    this.streams.set(id, { user, receive });
    return { close: () => void this.streams.delete(id) };
  }

  /** How many streams are subscribed now. */
  get open(): number {
    return this.streams.size;
  }

  push(user: string, notification: Notification): void {
    for (const stream of this.streams.values()) {
      if (stream.user === user) stream.receive(notification);
    }
  }
}

export interface CallInit {
  method?: string;
  as?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Starts the gateway on a free port with `nats` (and `routes`, the gateway's table by default; the
 * audit stream and the live feed stubbed unless given); `call` sends one request as a role.
 */
export async function startStubbedGateway(
  nats: StubNats,
  {
    routes,
    audit = new StubAuditPublisher(),
    live = new StubLiveFeed(),
  }: { routes?: readonly ContractRoute[]; audit?: StubAuditPublisher; live?: LiveFeed } = {},
): Promise<{
  app: NestExpressApplication;
  call: (path: string, init?: CallInit) => Promise<Response>;
}> {
  const app = await createGateway({
    env: loadGatewayEnv({ HTTP_PORT: '0', LOG_LEVEL: 'silent' }),
    logger: createLogger('gateway', 'silent'),
    ports: { tokenVerifier, nats, audit, keycloak: { check: async () => undefined }, live },
    ...(routes ? { routes } : {}),
  });
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const call = (path: string, init: CallInit = {}) => {
    const headers = new Headers(init.headers);
    if (init.as) headers.set('authorization', `Bearer ${init.as}-token`);
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    return fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  };
  return { app, call };
}

export interface RouteCase {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * What each role (and a caller without a token) gets from a route: the status, and whether the
 * request reached the service.
 */
export async function roleOutcomes(
  nats: StubNats,
  call: (path: string, init?: CallInit) => Promise<Response>,
  route: RouteCase,
): Promise<{ who: string; status: number; reached: boolean }[]> {
  const outcomes: { who: string; status: number; reached: boolean }[] = [];
  for (const role of [...ROLES, undefined]) {
    nats.sent = [];
    const response = await call(route.path, {
      method: route.method,
      as: role,
      body: route.body,
      headers: route.headers,
    });
    outcomes.push({
      who: role ?? 'anonymous',
      status: response.status,
      reached: nats.sent.length > 0,
    });
  }
  nats.sent = [];
  return outcomes;
}

/** The outcomes {@link roleOutcomes} should give when only `allowed` may call the route. */
export function expectedOutcomes(
  allowed: readonly string[],
  status: number,
): { who: string; status: number; reached: boolean }[] {
  return [
    ...ROLES.map((role) =>
      allowed.includes(role)
        ? { who: role, status, reached: true }
        : { who: role, status: 403, reached: false },
    ),
    { who: 'anonymous', status: 401, reached: false },
  ];
}

/**
 * For a `describe` block: a stubbed gateway started before its tests and closed after them, whose
 * NATS stub forgets what was sent and answers with `defaultReply` again, and whose audit stub
 * forgets what was published and stores again, before each test.
 */
export function useStubbedGateway(defaultReply: Replier): {
  nats: StubNats;
  audit: StubAuditPublisher;
  call: (path: string, init?: CallInit) => Promise<Response>;
} {
  const nats = new StubNats(defaultReply);
  const audit = new StubAuditPublisher();
  let gateway: Awaited<ReturnType<typeof startStubbedGateway>> | undefined;
  beforeAll(async () => {
    gateway = await startStubbedGateway(nats, { audit });
  });
  afterAll(() => gateway?.app.close());
  beforeEach(() => {
    nats.sent = [];
    nats.reply = defaultReply;
    audit.reset();
  });
  return { nats, audit, call: (path, init) => gateway!.call(path, init) };
}
