import {
  type CloudEvent,
  type Company,
  type CompanyDraft,
  companyDraftSchema,
} from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { type HistoryEntry } from '../../subjects/domain/person';
import { NOW } from '../../subjects/testing/persons.fixtures';
import { companyKeysOf } from '../domain/company';
import { CompanyRepository } from '../usecases/ports';

export function aCompanyDraft(input: Partial<CompanyDraft> & { name?: string }): CompanyDraft {
  const { name, ...rest } = input;
  return companyDraftSchema.parse({
    names: [{ name: name ?? 'Acme Trading SARL' }],
    country: 'FR',
    ...rest,
  });
}

export function aCompany(draft: CompanyDraft, overrides: Partial<Company> = {}): Company {
  return {
    ...draft,
    caseCount: 0,
    id: 'company-1',
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
export class InMemoryCompanies extends CompanyRepository {
  readonly stored = new Map<string, { company: Company; history: HistoryEntry[] }>();
  readonly events: CloudEvent[] = [];

  constructor(companies: Company[] = []) {
    super();
    for (const company of companies) this.stored.set(company.id, { company, history: [] });
  }

  async findById(id: string): Promise<Company | null> {
    return this.stored.get(id)?.company ?? null;
  }

  async history(id: string): Promise<HistoryEntry[] | null> {
    return this.stored.get(id)?.history ?? null;
  }

  async findByMatchKeys(keys: readonly string[], limit: number): Promise<Company[]> {
    return this.where(
      (c) => companyKeysOf(c).matchKeys.some((k) => keys.includes(k)),
      undefined,
      limit,
    );
  }

  async search(
    query: { nameKeys: readonly string[] } | { number: string },
    after: string | undefined,
    limit: number,
  ): Promise<Company[]> {
    return this.where(
      (c) =>
        'number' in query
          ? companyKeysOf(c).numbers.includes(query.number)
          : query.nameKeys.every((k) => companyKeysOf(c).nameKeys.includes(k)),
      after,
      limit,
    );
  }

  async insert(
    company: Company,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    this.stored.set(company.id, { company, history: [change] });
    this.events.push(...events);
  }

  async update(
    company: Company,
    expectedVersion: number,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    const current = this.stored.get(company.id);
    if (!current) throw ServiceError.notFound('no such company');
    if (current.company.version !== expectedVersion) throw ServiceError.conflict('stale');
    this.stored.set(company.id, { company, history: [...current.history, change] });
    this.events.push(...events);
  }

  private where(
    test: (c: Company) => boolean,
    after: string | undefined,
    limit: number,
  ): Company[] {
    return [...this.stored.values()]
      .map((entry) => entry.company)
      .filter((c) => test(c) && (after === undefined || c.id > after))
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, limit);
  }
}
