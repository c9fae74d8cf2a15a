import {
  type Alert,
  type AlertDraft,
  type CloudEvent,
  type Principal,
  type SubjectRef,
} from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import {
  AlertRepository,
  type AlertWithHits,
  type MergeMove,
  SubjectDirectory,
} from '../usecases/ports';

export const NOW = new Date('2026-11-28T10:00:00.000Z');

export const investigator: Principal = {
  sub: 'inv-1',
  username: 'investigator1',
  roles: ['investigator'],
  office: 'FRA-CDG',
};
export const otherOfficeSupervisor: Principal = {
  sub: 'sup-2',
  username: 'supervisor2',
  roles: ['supervisor'],
  office: 'FRA-ORY',
};
export const officer: Principal = {
  sub: 'off-1',
  username: 'officer1',
  roles: ['officer'],
  office: 'FRA-CDG',
};

export function contextOf(principal?: Principal): RequestContext {
  return { correlationId: 'corr-1', principal };
}

export function aDraft(overrides: Partial<AlertDraft> = {}): AlertDraft {
  return {
    reason: 'Courier for a heroin network',
    category: 'smuggling-suspect',
    validFrom: '2026-11-01',
    validTo: '2027-05-01',
    handlingInstruction: 'notify the investigator, do not alert the subject',
    ...overrides,
  };
}

export function anAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'alert-1',
    subject: { subjectType: 'person', subjectId: 'person-1' },
    ...aDraft(),
    ownerOffice: 'FRA-CDG',
    ownerOfficer: 'inv-1',
    status: 'active',
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** Alerts in memory, with the versioned-write rule of the real store. */
export class InMemoryAlerts extends AlertRepository {
  readonly stored = new Map<string, { alert: Alert; hits: string[] }>();
  readonly events: CloudEvent[] = [];
  /** Called before each update; a test may change the stored alert to simulate another writer. */
  beforeUpdate: (() => void) | undefined;

  constructor(alerts: Alert[] = []) {
    super();
    for (const alert of alerts) this.stored.set(alert.id, { alert, hits: [] });
  }

  findById(id: string): Promise<Alert | null> {
    return Promise.resolve(this.stored.get(id)?.alert ?? null);
  }

  listBySubject(subject: SubjectRef, activeOnly: boolean): Promise<Alert[]> {
    return Promise.resolve(
      [...this.stored.values()]
        .map(({ alert }) => alert)
        .filter(
          (alert) =>
            alert.subject.subjectType === subject.subjectType &&
            alert.subject.subjectId === subject.subjectId &&
            (!activeOnly || alert.status === 'active'),
        ),
    );
  }

  findActiveOn(subjects: readonly SubjectRef[]): Promise<AlertWithHits[]> {
    return Promise.resolve(
      [...this.stored.values()]
        .filter(
          ({ alert }) =>
            alert.status === 'active' &&
            subjects.some(
              (s) =>
                s.subjectType === alert.subject.subjectType &&
                s.subjectId === alert.subject.subjectId,
            ),
        )
        .map(({ alert, hits }) => ({ alert, hits: [...hits] })),
    );
  }

  /** As an index that is up to date with the store would answer. */
  idsActiveEndingBefore(today: string, limit: number, after?: string): Promise<string[]> {
    return Promise.resolve(
      [...this.stored.values()]
        .map(({ alert }) => alert)
        .filter((alert) => alert.status === 'active' && alert.validTo < today)
        .map((alert) => alert.id)
        .filter((id) => after === undefined || id > after)
        .sort()
        .slice(0, limit),
    );
  }

  /** The merge that moved each alert, by alert id (see AlertRepository.move). */
  readonly moves = new Map<string, MergeMove>();

  findMovedBy(mergeId: string): Promise<Alert[]> {
    return Promise.resolve(
      [...this.moves.entries()]
        .filter(([, move]) => move.mergeId === mergeId)
        .map(([id]) => this.stored.get(id)!.alert),
    );
  }

  async move(
    alert: Alert,
    expectedVersion: number,
    events: readonly CloudEvent[],
    move: MergeMove | null,
  ): Promise<void> {
    await this.update(alert, expectedVersion, events);
    if (move) this.moves.set(alert.id, move);
    else this.moves.delete(alert.id);
  }

  insert(alert: Alert, events: readonly CloudEvent[]): Promise<void> {
    this.stored.set(alert.id, { alert, hits: [] });
    this.events.push(...events);
    return Promise.resolve();
  }

  update(
    alert: Alert,
    expectedVersion: number,
    events: readonly CloudEvent[],
    hit?: string,
  ): Promise<void> {
    this.beforeUpdate?.();
    const current = this.stored.get(alert.id);
    if (!current) return Promise.reject(ServiceError.notFound(`No alert ${alert.id}`));
    if (current.alert.version !== expectedVersion) {
      return Promise.reject(ServiceError.conflict('stale'));
    }
    this.stored.set(alert.id, {
      alert: { ...alert, version: expectedVersion + 1 },
      hits: hit === undefined ? current.hits : [...current.hits, hit],
    });
    this.events.push(...events);
    return Promise.resolve();
  }
}

/**
 * Subjects in memory as `type:id` keys (a bare id is a person), with merges: `merge` points the
 * merged subject at its survivor and puts the merge in force, `unmerge` takes both back.
 */
export class KnownSubjects extends SubjectDirectory {
  private readonly known: Set<string>;
  /** Classifications other than `restricted`, by `type:id` key. */
  readonly classified = new Map<string, string>();
  private readonly mergedInto = new Map<string, string>();
  private readonly inForce = new Set<string>();

  constructor(keys: readonly string[]) {
    super();
    this.known = new Set(keys.map((key) => (key.includes(':') ? key : `person:${key}`)));
  }

  merge(
    subjectType: SubjectRef['subjectType'],
    mergeId: string,
    survivorId: string,
    mergedId: string,
  ): void {
    this.mergedInto.set(`${subjectType}:${mergedId}`, survivorId);
    this.inForce.add(mergeId);
  }

  unmerge(subjectType: SubjectRef['subjectType'], mergeId: string, mergedId: string): void {
    this.mergedInto.delete(`${subjectType}:${mergedId}`);
    this.inForce.delete(mergeId);
  }

  resolve(subject: SubjectRef): Promise<SubjectRef | null> {
    let id = subject.subjectId;
    if (!this.known.has(`${subject.subjectType}:${id}`)) return Promise.resolve(null);
    for (let next; (next = this.mergedInto.get(`${subject.subjectType}:${id}`));) id = next;
    return Promise.resolve({ subjectType: subject.subjectType, subjectId: id });
  }

  classificationOf(subject: SubjectRef): Promise<string | null> {
    const key = `${subject.subjectType}:${subject.subjectId}`;
    if (!this.known.has(key)) return Promise.resolve(null);
    return Promise.resolve(this.classified.get(key) ?? 'restricted');
  }

  mergeInForce(
    subjectType: SubjectRef['subjectType'],
    merge: { mergeId: string; survivorId: string; mergedId: string },
  ): Promise<boolean> {
    return Promise.resolve(
      this.inForce.has(merge.mergeId) &&
        this.mergedInto.get(`${subjectType}:${merge.mergedId}`) === merge.survivorId,
    );
  }
}
