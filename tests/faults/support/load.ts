import { randomUUID } from 'node:crypto';
import { type Case } from '@opencen/contracts';
import { type DemoUser, demoUserToken } from '@opencen/testing';
import { type WriteKind, type WriteRecord } from './ledger';

/**
 * The steady load of a fault scenario: workers that each take one case at a time through the
 * same steps an office does (record, correct, submit, send back, correct, resubmit, validate),
 * through the gateway with real tokens. A write that gets no answer, or a 5xx, is replayed until
 * its outcome is known: a creation with its `Idempotency-Key`, a change with its `If-Match`, so
 * that each write ends up done once or not at all, and the ledger knows which.
 */

/** The steps of one case; each makes the next version. */
export const CASE_STEPS: readonly WriteKind[] = [
  'create',
  'update',
  'update',
  'submit',
  'reject',
  'update',
  'submit',
  'validate',
];

const WRITER: Record<WriteKind, DemoUser> = {
  create: 'officer',
  update: 'officer',
  submit: 'officer',
  reject: 'supervisor',
  validate: 'supervisor',
};

/** How long a write is replayed before its outcome counts as unknown. */
const SETTLE_WITHIN_MS = 180_000;

export interface LoadOptions {
  gatewayUrl: string;
  /** Writes to make (Infinity: until {@link Load.stop}). */
  operations: number;
  workers: number;
  /** A person named as suspect in every case: creations and updates ask the persons service. */
  personId: string;
  /** Called after each write with the number done so far. */
  onProgress?: (done: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Demo users' tokens, renewed before they expire (a 10,000-write run lasts longer than one). */
class Tokens {
  private readonly tokens = new Map<DemoUser, { token: Promise<string>; until: number }>();

  get(user: DemoUser): Promise<string> {
    const held = this.tokens.get(user);
    if (held && held.until > Date.now()) return held.token;
    const token = demoUserToken(user).then((set) => set.access_token);
    // Access tokens of the realm live 5 minutes; take a new one well before.
    this.tokens.set(user, { token, until: Date.now() + 120_000 });
    token.catch(() => this.tokens.delete(user));
    return token;
  }
}

/** The draft of step `marker`: a complete seizure, so that it may be submitted. */
export function draftOf(marker: string, personId: string) {
  return {
    type: 'seizure',
    detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
    location: { office: 'FRA-CDG', placeType: 'airport', country: 'FR' },
    procedure: 'passenger',
    detectionMethods: ['XRAY_SCANNER'],
    transportMode: 'AIR',
    items: [
      {
        commodityCategory: 'DRUGS',
        hsCode: '293979',
        description: 'White powder in a suitcase',
        quantity: 2.5,
        unit: 'KGM',
      },
    ],
    route: { departureCountry: 'BR', transitCountries: ['PT'], destinationCountry: 'FR' },
    parties: [{ subjectType: 'person', subjectId: personId, role: 'suspect' }],
    narrative: `Fault suite write ${marker}.`,
  };
}

interface Answer {
  status: number | 'no answer';
  body: unknown;
  /** The gateway answered a replay with the first run's reply (`Idempotent-Replayed`). */
  replayed?: boolean;
}

export class Load {
  readonly writes: WriteRecord[] = [];
  private readonly tokens = new Tokens();
  private started = 0;
  private stopping = false;

  constructor(private readonly options: LoadOptions) {}

  /** Ends the load early: each worker finishes the write it is doing. */
  stop(): void {
    this.stopping = true;
  }

  /** Runs the load to its end; resolves with every write and how it ended. */
  async run(): Promise<WriteRecord[]> {
    await Promise.all(Array.from({ length: this.options.workers }, () => this.worker()));
    return this.writes;
  }

  private async worker(): Promise<void> {
    let kase: Case | undefined;
    let step = 0;
    while (this.started < this.options.operations && !this.stopping) {
      this.started += 1;
      const kind = CASE_STEPS[step]!;
      const { record, current } = await this.write(kind, kase);
      this.writes.push(record);
      this.options.onProgress?.(this.writes.length);
      if (!record.acknowledged) {
        // Its outcome is unknown: the case cannot be taken further.
        kase = undefined;
        step = 0;
        continue;
      }
      kase = current;
      step = (step + 1) % CASE_STEPS.length;
      if (step === 0) kase = undefined;
    }
  }

  private async send(
    user: DemoUser,
    method: 'POST' | 'PUT' | 'GET',
    path: string,
    body?: object,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    try {
      const response = await fetch(`${this.options.gatewayUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await this.tokens.get(user)}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? (JSON.parse(text) as unknown) : undefined,
        replayed: response.headers.get('idempotent-replayed') === 'true',
      };
    } catch {
      // Refused, cut or timed out: the write may or may not have happened.
      return { status: 'no answer', body: undefined };
    }
  }

  /**
   * One write, replayed until its outcome is known. A change whose replay meets another version
   * (409/412) happened only if the case is now at the version it makes and shows it.
   */
  private async write(
    kind: WriteKind,
    kase: Case | undefined,
  ): Promise<{ record: WriteRecord; current?: Case }> {
    const marker = randomUUID();
    const user = WRITER[kind];
    const fromVersion = kase?.version ?? 0;
    // One body for every attempt: a replay with another body is another request (422).
    const draft = draftOf(marker, this.options.personId);
    const request = (): Promise<Answer> => {
      if (kind === 'create') {
        return this.send(user, 'POST', '/api/v1/cases', { draft }, { 'idempotency-key': marker });
      }
      const path = `/api/v1/cases/${kase!.id}`;
      const ifMatch = { 'if-match': `"${fromVersion}"` };
      if (kind === 'update') return this.send(user, 'PUT', path, draft, ifMatch);
      const body = kind === 'reject' ? { reason: `Sent back by ${marker}` } : {};
      return this.send(user, 'POST', `${path}/${kind}`, body, ifMatch);
    };
    const shows = (current: Case) =>
      kind === 'update'
        ? current.narrative?.includes(marker)
        : current.workflow.at(-1)?.transition === kind;

    const sentAt = Date.now();
    let answer = await request();
    const record: WriteRecord = {
      kind,
      caseId: kase?.id ?? '',
      version: fromVersion + 1,
      first: answer.status,
      sentAt,
      answeredAt: Date.now(),
      replays: 0,
      acknowledged: false,
    };
    const deadline = Date.now() + SETTLE_WITHIN_MS;
    for (;;) {
      const status = answer.status;
      if (typeof status === 'number' && status >= 200 && status < 300) {
        const current = answer.body as Case;
        record.caseId = current.id;
        record.acknowledged = current.version === record.version;
        // A creation replay answered from the first run's reply: the cut attempt had happened.
        if (record.replays > 0) record.happenedBeforeReplay = answer.replayed === true;
        return { record, current };
      }
      if (kind !== 'create' && record.replays > 0 && (status === 409 || status === 412)) {
        // The version moved: by this write (an earlier attempt that was cut), or by no one.
        const read = await this.send(user, 'GET', `/api/v1/cases/${kase!.id}`);
        const current = read.body as Case | undefined;
        if (read.status === 200 && current?.version === record.version && shows(current)) {
          record.acknowledged = true;
          record.happenedBeforeReplay = true;
          return { record, current };
        }
        return { record };
      }
      const retryable = status === 'no answer' || status >= 500 || status === 409;
      if (!retryable || Date.now() > deadline) return { record };
      await sleep(Math.min(250 * 2 ** Math.min(record.replays, 3), 2000));
      record.replays += 1;
      answer = await request();
      record.last = answer.status;
    }
  }
}
