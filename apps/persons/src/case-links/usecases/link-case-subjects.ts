import { Injectable } from '@nestjs/common';
import { type EventOf, type caseSubjectsLinked } from '@opencen/contracts';

import { RecordWatchlistHits } from '../../alerts/usecases/record-watchlist-hits';
import { CaseLinkStore } from './ports';

/**
 * A case named its subjects: each person's case links are updated, and each active alert on one
 * of the subjects reports a watchlist hit, once per case. Every step is idempotent, so the same
 * case event handled twice changes nothing the second time.
 */
@Injectable()
export class LinkCaseSubjects {
  constructor(
    private readonly links: CaseLinkStore,
    private readonly watchlist: RecordWatchlistHits,
  ) {}

  async execute(event: EventOf<typeof caseSubjectsLinked>): Promise<void> {
    const { caseId, recordedAt, subjects } = event.data;
    const at = new Date(recordedAt);
    const unique = new Map(
      subjects.map(({ subjectType, subjectId }) => [
        `${subjectType}:${subjectId}`,
        { subjectType, subjectId },
      ]),
    );
    // Companies and conveyances are not stored by this service yet: only persons keep links.
    for (const subject of unique.values()) {
      if (subject.subjectType === 'person') {
        await this.links.linkPerson(subject.subjectId, caseId, at);
      }
    }
    await this.watchlist.execute({
      caseId,
      at,
      subjects: [...unique.values()],
      cause: { actor: 'persons', correlationId: event.correlationid, causationId: event.id },
    });
  }
}
