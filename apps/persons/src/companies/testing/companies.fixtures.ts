import { type Company, type CompanyDraft, companyDraftSchema } from '@opencen/contracts';

import {
  InMemoryRecords,
  type SpecPorts,
  specPortsOf,
  stampsOf,
} from '../../office-records/testing/office-records.fixtures';
import { companyKeysOf } from '../domain/company';
import { CompanyRecords } from '../usecases/company-records';
import { type CompanyRepository } from '../usecases/ports';

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
    ...stampsOf('company-1'),
    ...overrides,
  };
}

/** A repository in memory that derives the same keys as the real one. */
export class InMemoryCompanies extends InMemoryRecords<Company> implements CompanyRepository {
  async findByMatchKeys(
    keys: readonly string[],
    limit: number,
    readable: readonly string[],
  ): Promise<Company[]> {
    return this.where(
      (c) => companyKeysOf(c).matchKeys.some((k) => keys.includes(k)),
      limit,
      readable,
    );
  }

  async search(
    query: { nameKeys: readonly string[] } | { number: string },
    after: string | undefined,
    limit: number,
    readable: readonly string[],
  ): Promise<Company[]> {
    return this.where(
      (c) =>
        'number' in query
          ? companyKeysOf(c).numbers.includes(query.number)
          : query.nameKeys.every((k) => companyKeysOf(c).nameKeys.includes(k)),
      limit,
      readable,
      after,
    );
  }
}

/** The company use cases over a store in memory, at NOW. */
export function companyRecordsOver(
  companies: CompanyRepository,
  ports: SpecPorts = {},
): CompanyRecords {
  return new CompanyRecords(companies, ...specPortsOf('company', ports));
}
