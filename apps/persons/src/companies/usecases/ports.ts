import { type Classification, type Company } from '@opencen/contracts';

import { RecordStore } from '../../office-records/usecases/ports';

/**
 * Where companies are kept (the kernel's RecordStore); the store derives the keys (domain/company
 * `companyKeysOf`) from the company it is given, and its finders read the companies index, for
 * companies of the `readable` classifications only (those within the caller's clearance).
 */
export abstract class CompanyRepository extends RecordStore<Company> {
  /** Companies sharing at least one match key, at most `limit` of them. */
  abstract findByMatchKeys(
    keys: readonly string[],
    limit: number,
    readable: readonly Classification[],
  ): Promise<Company[]>;
  /**
   * A page of companies, by id, after `after`: those whose names have every one of `nameKeys`,
   * or those holding `number` (normalised).
   */
  abstract search(
    query: { nameKeys: readonly string[] } | { number: string },
    after: string | undefined,
    limit: number,
    readable: readonly Classification[],
  ): Promise<Company[]>;
}
