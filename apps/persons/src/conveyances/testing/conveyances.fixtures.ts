import {
  type CloudEvent,
  type Conveyance,
  type ConveyanceDraft,
  conveyanceDraftSchema,
} from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { type HistoryEntry } from '../../subjects/domain/person';
import { NOW } from '../../subjects/testing/persons.fixtures';
import { identifierKeysOf } from '../domain/conveyance';
import { ConveyanceRepository } from '../usecases/ports';

export function aConveyanceDraft(
  input: Partial<ConveyanceDraft> & Pick<ConveyanceDraft, 'type'>,
): ConveyanceDraft {
  return conveyanceDraftSchema.parse(input);
}

export function aConveyance(
  draft: ConveyanceDraft,
  overrides: Partial<Conveyance> = {},
): Conveyance {
  return {
    ...draft,
    caseCount: 0,
    id: 'conveyance-1',
    office: 'FRA-CDG',
    createdAt: NOW.toISOString(),
    createdBy: 'sub-officer-1',
    updatedAt: NOW.toISOString(),
    updatedBy: 'sub-officer-1',
    version: 1,
    ...overrides,
  };
}

/** A repository in memory that derives the same keys as the real one. */
export class InMemoryConveyances extends ConveyanceRepository {
  readonly stored = new Map<string, { conveyance: Conveyance; history: HistoryEntry[] }>();
  readonly events: CloudEvent[] = [];

  constructor(conveyances: Conveyance[] = []) {
    super();
    for (const conveyance of conveyances)
      this.stored.set(conveyance.id, { conveyance, history: [] });
  }

  async findById(id: string): Promise<Conveyance | null> {
    return this.stored.get(id)?.conveyance ?? null;
  }

  async history(id: string): Promise<HistoryEntry[] | null> {
    return this.stored.get(id)?.history ?? null;
  }

  async findByIdentifierKeys(
    keys: readonly string[],
    after: string | undefined,
    limit: number,
  ): Promise<Conveyance[]> {
    return [...this.stored.values()]
      .map((entry) => entry.conveyance)
      .filter((c) => identifierKeysOf(c).some((k) => keys.includes(k)))
      .filter((c) => after === undefined || c.id > after)
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  async insert(
    conveyance: Conveyance,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    this.stored.set(conveyance.id, { conveyance, history: [change] });
    this.events.push(...events);
  }

  async update(
    conveyance: Conveyance,
    expectedVersion: number,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    const current = this.stored.get(conveyance.id);
    if (!current) throw ServiceError.notFound('no such conveyance');
    if (current.conveyance.version !== expectedVersion) throw ServiceError.conflict('stale');
    this.stored.set(conveyance.id, { conveyance, history: [...current.history, change] });
    this.events.push(...events);
  }
}
