import { Injectable } from '@nestjs/common';
import {
  type Company,
  type CompanyDraft,
  type CompanyMerge,
  type HandlerReplyOf,
  type HandlerRequestOf,
  type searchCompanies,
  readableClassifications,
} from '@opencen/contracts';
import { type RequestContext, Clock, IdGenerator } from '@opencen/nest-kit';

import { normaliseIdentifier } from '../../office-records/domain/normalisation';
import { requireReader } from '../../office-records/usecases/access';
import { decodeIdCursor, readablePage } from '../../office-records/usecases/id-cursor';
import {
  type KeyedCandidate,
  OfficeRecords,
  keyedCandidates,
} from '../../office-records/usecases/office-records';
import { MatchingOptions, ReferenceCodes } from '../../office-records/usecases/ports';
import { companyKind } from '../domain/company-kind';
import { compareCompanies, companyKeysOf, companyNameTokens } from '../domain/company';
import { CompanyRepository } from './ports';

export type SearchCompaniesCommand = HandlerRequestOf<typeof searchCompanies> & {
  readonly context: RequestContext;
};

/**
 * The company database: the kernel's use cases for companies, whose candidates on create are the
 * known companies of the same country with an equal number or name (domain/company
 * `compareCompanies`), and the search of companies.
 */
@Injectable()
export class CompanyRecords extends OfficeRecords<
  'company',
  Company,
  CompanyDraft,
  CompanyMerge,
  KeyedCandidate<'company', Company>
> {
  constructor(
    private readonly companies: CompanyRepository,
    reference: ReferenceCodes,
    options: MatchingOptions,
    clock: Clock,
    ids: IdGenerator,
  ) {
    const candidates = keyedCandidates(
      'company',
      {
        keys: (draft: CompanyDraft) => companyKeysOf(draft).matchKeys,
        find: (keys, limit, readable) => companies.findByMatchKeys(keys, limit, readable),
        compare: compareCompanies,
      },
      options.maxCandidatesScored,
    );
    super(companyKind, companies, candidates, reference, clock, ids);
  }

  /**
   * Exactly by a number of any kind after normalisation, or by name: companies one of whose names
   * (current or former) has every word of the query, normalised like stored names (case,
   * diacritics, script, legal forms). Pages are in id order.
   */
  async search(command: SearchCompaniesCommand): Promise<HandlerReplyOf<typeof searchCompanies>> {
    const reader = requireReader(command.context);
    const after = command.cursor === undefined ? undefined : decodeIdCursor(command.cursor);
    const query =
      command.number !== undefined
        ? { number: normaliseIdentifier(command.number) }
        : { nameKeys: companyNameTokens(command.name ?? '') };
    const empty = 'number' in query ? !query.number : query.nameKeys.length === 0;
    if (empty) return { items: [] };
    return readablePage(
      (from, count) => this.companies.search(query, from, count, readableClassifications(reader)),
      after,
      command.limit,
      reader,
    );
  }
}
