import { Injectable } from '@nestjs/common';
import {
  type CompanyCandidate,
  type CompanyDraft,
  type HandlerReplyOf,
  type HandlerRequestOf,
  type createCompany,
} from '@opencen/contracts';
import { type RequestContext, givenFields, Clock, IdGenerator } from '@opencen/nest-kit';

import { requireWriter } from '../../subjects/usecases/access';
import { MatchingOptions, ReferenceCodes } from '../../subjects/usecases/ports';
import { COMPANY_DRAFT_FIELDS, compareCompanies, companyKeysOf } from '../domain/company';
import { assertKnownCountries, companyCreatedEvent } from './company-rules';
import { CompanyRepository } from './ports';

export type CreateCompanyCommand = HandlerRequestOf<typeof createCompany> & {
  readonly context: RequestContext;
};

/** How many candidates a create returns at most. */
const CREATE_CANDIDATES = 10;

/**
 * An officer records a company. A known company of the same country with an equal number or name
 * is a strong candidate: then it records nothing and returns the candidates, unless the officer
 * has seen them and confirms this is another company.
 */
@Injectable()
export class CreateCompany {
  constructor(
    private readonly companies: CompanyRepository,
    private readonly reference: ReferenceCodes,
    private readonly options: MatchingOptions,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: CreateCompanyCommand): Promise<HandlerReplyOf<typeof createCompany>> {
    const actor = requireWriter(command.context);
    await assertKnownCountries(command.draft, this.reference);
    const candidates = await this.candidates(command.draft);
    if (!command.confirmedNew && candidates.some((c) => c.strength === 'strong')) {
      return { outcome: 'candidates', candidates };
    }
    const now = this.clock.now();
    const at = now.toISOString();
    const company = {
      ...command.draft,
      id: this.ids.next(),
      office: actor.office,
      createdAt: at,
      createdBy: actor.sub,
      updatedAt: at,
      updatedBy: actor.sub,
      version: 1,
      caseCount: 0,
    };
    await this.companies.insert(
      company,
      {
        version: 1,
        at: now,
        by: actor.sub,
        change: 'created',
        fields: givenFields(COMPANY_DRAFT_FIELDS, command.draft),
      },
      [companyCreatedEvent(company, command.context, actor.sub)],
    );
    return { outcome: 'created', company, candidates };
  }

  private async candidates(draft: CompanyDraft): Promise<CompanyCandidate[]> {
    const keys = companyKeysOf(draft).matchKeys;
    if (keys.length === 0) return [];
    const found = await this.companies.findByMatchKeys(keys, this.options.maxCandidatesScored);
    return found
      .flatMap((company) => {
        const match = compareCompanies(draft, company);
        return match ? [{ company, ...match }] : [];
      })
      .sort(
        (a, b) =>
          Number(b.strength === 'strong') - Number(a.strength === 'strong') ||
          b.reasons.length - a.reasons.length ||
          a.company.id.localeCompare(b.company.id),
      )
      .slice(0, CREATE_CANDIDATES);
  }
}
