import { Injectable } from '@nestjs/common';
import { type RequestOf, matchSavedCaseSearches, matchSavedWatches } from '@opencen/contracts';
import { ContractClient, currentContext, newCorrelationId } from '@opencen/nest-kit';

import { type ChangedRecord } from '../domain/rule';
import { type SavedSearch, SavedSearchMatcher } from '../usecases/ports';

/** How long a batch's evaluation may take in the record's service. */
export const MATCH_TIMEOUT_MS = 30_000;

/**
 * The saved searches of a batch, sent to the service that owns the record in one request (as a
 * service: the owners' principals travel in the request): `cases.saved-search.match` for a case,
 * `persons.saved-search.match` for a person, company or conveyance. The notifications service
 * reads no other service's index.
 */
@Injectable()
export class NatsSavedSearchMatcher extends SavedSearchMatcher {
  constructor(private readonly client: ContractClient) {
    super();
  }

  async matching(
    record: ChangedRecord,
    searches: readonly SavedSearch[],
  ): Promise<{ matching: string[]; reference?: string }> {
    const options = {
      context: { correlationId: currentContext()?.correlationId ?? newCorrelationId() },
      // The service first waits for its index to catch up (5 s at most), then runs the batch.
      timeoutMs: MATCH_TIMEOUT_MS,
    };
    const saved = searches.map((search) => ({
      id: search.id,
      filter: search.target.filter,
      principal: search.principal,
    }));
    if (record.type === 'case') {
      const reply = await this.client.send(
        matchSavedCaseSearches,
        { caseId: record.id, searches: saved } as RequestOf<typeof matchSavedCaseSearches>,
        options,
      );
      return { matching: reply.matching, ...(reply.number ? { reference: reply.number } : {}) };
    }
    const reply = await this.client.send(
      matchSavedWatches,
      {
        recordType: record.type,
        recordId: record.id,
        searches: saved,
      } as RequestOf<typeof matchSavedWatches>,
      options,
    );
    return { matching: reply.matching };
  }
}
