import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type searchCompanies,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { normaliseIdentifier } from '../../subjects/domain/matching';
import { requireReader } from '../../subjects/usecases/access';
import { companyNameTokens } from '../domain/company';
import { decodeIdCursor, encodeIdCursor } from './id-cursor';
import { CompanyRepository } from './ports';

export type SearchCompaniesCommand = HandlerRequestOf<typeof searchCompanies> & {
  readonly context: RequestContext;
};

/**
 * Searches companies exactly by a number of any kind after normalisation, or by name: companies
 * one of whose names (current or former) has every word of the query, normalised like stored
 * names (case, diacritics, script, legal forms). Pages are in id order.
 */
@Injectable()
export class SearchCompanies {
  constructor(private readonly companies: CompanyRepository) {}

  async execute(command: SearchCompaniesCommand): Promise<HandlerReplyOf<typeof searchCompanies>> {
    requireReader(command.context);
    const after = command.cursor === undefined ? undefined : decodeIdCursor(command.cursor);
    const query =
      command.number !== undefined
        ? { number: normaliseIdentifier(command.number) }
        : { nameKeys: companyNameTokens(command.name ?? '') };
    const empty = 'number' in query ? !query.number : query.nameKeys.length === 0;
    if (empty) return { items: [] };
    const found = await this.companies.search(query, after, command.limit + 1);
    const items = found.slice(0, command.limit);
    const last = items.at(-1);
    return {
      items,
      ...(found.length > command.limit && last ? { nextCursor: encodeIdCursor(last.id) } : {}),
    };
  }
}
