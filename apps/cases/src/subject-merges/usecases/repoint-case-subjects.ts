import { Injectable } from '@nestjs/common';
import { type Case, type EventOf, type personMerged, type SubjectType } from '@opencen/contracts';
import { ServiceError, Clock } from '@opencen/nest-kit';

import {
  type Repoint,
  type SubjectLinks,
  repointLinks,
  restoreLinks,
} from '../../cases/domain/subject-links';
import { updatedEvents } from '../../cases/usecases/case-events';
import { nextVersionOf, storeChange } from '../../cases/usecases/case-changes';
import { CaseRepository } from '../../cases/usecases/ports';
import { CaseIndex } from '../../search/usecases/ports';

const ACTOR = 'cases';

/**
 * How long a merge waits for the cases index to hold every case event published before it (a
 * background consumer: longer than a client would, below its 30 s ack wait).
 */
const INDEXED_WITHIN_MS = 20_000;

/**
 * What cases reads of a merged or unmerged event of the persons service; persons, companies and
 * conveyances share its data.
 */
export type SubjectMergeEvent = Pick<EventOf<typeof personMerged>, 'id' | 'correlationid' | 'data'>;

/** The change a merge or its undo makes to one case, or null when it changes nothing. */
type LinksChange = (
  kase: Case,
  repoints: Repoint[],
) => { links: SubjectLinks; fields: string[]; repoints: Repoint[] } | null;

/**
 * A person, company or conveyance was merged in the persons service: every case naming the merged
 * record (as a party, or as its conveyance) names the survivor instead, as a versioned change
 * recorded in the history that emits updated and subjects-linked. Unmerged: the links re-pointed
 * by that merge name the merged record again. Idempotent by merge id: a merge already applied (or
 * already undone), or an undo already done, changes nothing. A version conflict with an officer's
 * edit is retried with the fresh case.
 */
@Injectable()
export class RepointCaseSubjects {
  constructor(
    private readonly cases: CaseRepository,
    private readonly index: CaseIndex,
    private readonly clock: Clock,
  ) {}

  async merged(subjectType: SubjectType, event: SubjectMergeEvent): Promise<void> {
    const { mergeId, mergedId, survivorId } = event.data;
    const merge = { subjectType, mergeId, mergedId, survivorId };
    for (const id of await this.casesNaming(subjectType, mergedId)) {
      await this.retry(() =>
        this.apply(id, subjectType, event, (kase, repoints) => {
          const result = repointLinks(kase, repoints, merge);
          return result && { ...result, repoints: [...repoints, result.repoint] };
        }),
      );
    }
  }

  async unmerged(subjectType: SubjectType, event: SubjectMergeEvent): Promise<void> {
    const { mergeId, survivorId } = event.data;
    for (const id of await this.casesNaming(subjectType, survivorId)) {
      await this.retry(() =>
        this.apply(id, subjectType, event, (kase, repoints) =>
          restoreLinks(kase, repoints, mergeId),
        ),
      );
    }
  }

  /**
   * The cases naming the subject, from the cases index once it holds every case event published
   * so far (so that a case stored just before the merge is not missed). Throws when the index is
   * too far behind: the merge is handled again later.
   */
  private async casesNaming(subjectType: SubjectType, subjectId: string): Promise<string[]> {
    if (!(await this.index.caughtUp(INDEXED_WITHIN_MS))) {
      throw new Error('The cases index is behind the events; the merge is retried');
    }
    return this.index.ids({ naming: { subjectType, subjectId } });
  }

  private async apply(
    id: string,
    subjectType: SubjectType,
    event: SubjectMergeEvent,
    change: LinksChange,
  ): Promise<void> {
    const kase = await this.cases.findById(id);
    if (!kase) return;
    const result = change(kase, await this.cases.repoints(id));
    if (!result) return;
    const now = this.clock.now();
    const next = nextVersionOf(
      kase,
      { parties: result.links.parties, conveyance: result.links.conveyance },
      now,
      ACTOR,
    );
    await storeChange(
      this.cases,
      kase,
      next,
      {
        change: 'subjects-repointed',
        fields: result.fields,
        comment: `${subjectType} merge ${event.data.mergeId}`,
      },
      updatedEvents(
        next,
        result.fields,
        { actor: ACTOR, context: { correlationId: event.correlationid, causationId: event.id } },
        true,
      ),
      result.repoints,
    );
  }

  private async retry(work: () => Promise<void>, attempts = 5): Promise<void> {
    for (let i = 1; ; i++) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof ServiceError) || error.code !== 'CONFLICT' || i >= attempts)
          throw error;
      }
    }
  }
}
