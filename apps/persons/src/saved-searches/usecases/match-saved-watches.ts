import { Injectable } from '@nestjs/common';
import {
  DomainRefusal,
  type HandlerReplyOf,
  type HandlerRequestOf,
  PERSONS_SEARCHABLE_WITHIN_MS,
  type matchSavedWatches,
} from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { CompanyRecords } from '../../companies/usecases/company-records';
import { ConveyanceRecords } from '../../conveyances/usecases/conveyance-records';
import { PersonRecords } from '../../persons/usecases/person-records';
import { RecordIndexes } from './ports';

export type MatchSavedWatchesCommand = HandlerRequestOf<typeof matchSavedWatches> & {
  readonly context: RequestContext;
};

/** A page of a kind's search: the ids found and where the next page starts. */
type SearchPage = { items: { id: string }[]; nextCursor?: string | undefined };

/** The largest page of a search. */
const PAGE = 100;

/**
 * Which saved watches (the notifications service's analytic rules) find one person, company or
 * conveyance. Each watch is the kind's own search (PersonRecords.search...), run as its owner's
 * principal, so it finds only what that owner may read, with the search's own normalisation,
 * transliteration and scoring; the record matches when that search lists it. Persons are ranked in
 * code after the index, so a stored query (a percolator) could not say it: the search is run.
 * Searches by identifier find a handful of records; by name, at most the search's scoring cap.
 */
@Injectable()
export class MatchSavedWatches {
  constructor(
    private readonly indexes: RecordIndexes,
    private readonly persons: PersonRecords,
    private readonly companies: CompanyRecords,
    private readonly conveyances: ConveyanceRecords,
  ) {}

  async execute(
    command: MatchSavedWatchesCommand,
  ): Promise<HandlerReplyOf<typeof matchSavedWatches>> {
    const { context, recordType, recordId } = command;
    if (context.principal) {
      throw ServiceError.forbidden('Saved watches are matched for services only, not for users');
    }
    if (!(await this.indexes.caughtUp(recordType, PERSONS_SEARCHABLE_WITHIN_MS))) {
      throw new ServiceError(
        'UNAVAILABLE',
        `The ${recordType} index is behind the latest changes; ask again in a few seconds`,
      );
    }
    const matching: string[] = [];
    for (const search of command.searches) {
      const as = { correlationId: context.correlationId, principal: search.principal };
      const page = (cursor: string | undefined): Promise<SearchPage> => {
        const paging = { limit: PAGE, ...(cursor ? { cursor } : {}), context: as };
        switch (command.recordType) {
          case 'person':
            return this.persons.search({ ...(search.filter as PersonFilter), ...paging });
          case 'company':
            return this.companies.search({ ...(search.filter as CompanyFilter), ...paging });
          case 'conveyance':
            return this.conveyances.search({ ...(search.filter as ConveyanceFilter), ...paging });
        }
      };
      if (await finds(page, recordId)) matching.push(search.id);
    }
    return { matching };
  }
}

type Filters = MatchSavedWatchesCommand['searches'][number]['filter'];
// The filter of each record type's watches (the request's union, by the fields only it has).
type PersonFilter = Extract<Filters, { documentNumber?: string }>;
type CompanyFilter = Extract<Filters, { number?: string }>;
type ConveyanceFilter = Extract<Filters, { plate?: string }>;

/** Whether the search lists the record on some page; an owner who may not search finds nothing. */
async function finds(
  page: (cursor: string | undefined) => Promise<SearchPage>,
  recordId: string,
): Promise<boolean> {
  let cursor: string | undefined;
  try {
    do {
      const found = await page(cursor);
      if (found.items.some((item) => item.id === recordId)) return true;
      cursor = found.nextCursor;
    } while (cursor !== undefined);
  } catch (error) {
    const refused =
      (error instanceof ServiceError && ['FORBIDDEN', 'VALIDATION_FAILED'].includes(error.code)) ||
      error instanceof DomainRefusal;
    if (refused) return false;
    throw error;
  }
  return false;
}
