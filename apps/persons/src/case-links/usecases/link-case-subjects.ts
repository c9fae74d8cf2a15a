import { Injectable } from '@nestjs/common';
import { type EventOf, type SubjectRef, type caseSubjectsLinked } from '@opencen/contracts';

import { RecordWatchlistHits } from '../../alerts/usecases/record-watchlist-hits';
import { CaseLinkStore } from './ports';

const keyOf = (subject: SubjectRef) => `${subject.subjectType}:${subject.subjectId}`;

/**
 * A case named its subjects: each subject's case links are updated, and each active alert on one
 * of them reports a watchlist hit, once per case. A subject that was merged counts for its
 * survivor, and its hits are against the survivor's alerts (and against any alert still on the
 * merged id, which the alert-merges consumer may not have moved yet). Every step is idempotent, so
 * the same case event handled twice changes nothing the second time.
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
    const named = new Map(
      subjects.map(({ subjectType, subjectId }) => [
        keyOf({ subjectType, subjectId }),
        { subjectType, subjectId },
      ]),
    );
    const linked = new Map<string, SubjectRef>();
    for (const subject of named.values()) {
      // A subject this service does not know is left out of the links, not an error: the cases
      // service may name one recorded elsewhere.
      const current = await this.links.resolve(subject);
      if (current) linked.set(keyOf(current), current);
    }
    for (const subject of linked.values()) await this.links.link(subject, caseId, at);
    const watched = new Map([...named, ...linked]);
    await this.watchlist.execute({
      caseId,
      at,
      subjects: [...watched.values()],
      cause: { actor: 'persons', correlationId: event.correlationid, causationId: event.id },
    });
  }
}
