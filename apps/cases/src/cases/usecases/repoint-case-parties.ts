import { Injectable } from '@nestjs/common';
import { type EventOf, type personMerged, type personUnmerged } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { repointParties, restoreParties } from '../domain/party-links';
import { updatedEvents } from './case-events';
import { CaseRepository, Clock } from './ports';

const ACTOR = 'cases';

/**
 * A person was merged in the persons service: every case naming the merged person names the
 * survivor instead (a versioned change recorded in the history, emitting updated and
 * subjects-linked). Unmerged: the parties re-pointed by that merge name the merged person again.
 * Idempotent: a merge already applied, or an undo already done, changes nothing. A version
 * conflict with an officer's edit is retried with the fresh case.
 */
@Injectable()
export class RepointCaseParties {
  constructor(
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
  ) {}

  async merged(event: EventOf<typeof personMerged>): Promise<void> {
    const { mergeId, mergedId, survivorId } = event.data;
    for (const id of await this.cases.idsNamingPerson(mergedId)) {
      await this.retry(() =>
        this.apply(id, event, (kase, repoints) => {
          const result = repointParties(kase.parties, repoints, { mergeId, mergedId, survivorId });
          return result && { parties: result.parties, repoints: [...repoints, result.repoint] };
        }),
      );
    }
  }

  async unmerged(event: EventOf<typeof personUnmerged>): Promise<void> {
    const { mergeId, survivorId } = event.data;
    for (const id of await this.cases.idsNamingPerson(survivorId)) {
      await this.retry(() =>
        this.apply(id, event, (kase, repoints) => restoreParties(kase.parties, repoints, mergeId)),
      );
    }
  }

  private async apply(
    id: string,
    event: EventOf<typeof personMerged>,
    change: (
      kase: NonNullable<Awaited<ReturnType<CaseRepository['findById']>>>,
      repoints: Awaited<ReturnType<CaseRepository['repoints']>>,
    ) => {
      parties: NonNullable<Awaited<ReturnType<CaseRepository['findById']>>>['parties'];
      repoints: Awaited<ReturnType<CaseRepository['repoints']>>;
    } | null,
  ): Promise<void> {
    const kase = await this.cases.findById(id);
    if (!kase) return;
    const result = change(kase, await this.cases.repoints(id));
    if (!result) return;
    const now = this.clock.now();
    const next = {
      ...kase,
      parties: result.parties,
      updatedAt: now.toISOString(),
      updatedBy: ACTOR,
      version: kase.version + 1,
    };
    await this.cases.update(
      next,
      kase.version,
      {
        version: next.version,
        at: now,
        by: ACTOR,
        change: 'subjects-repointed',
        fields: ['parties'],
        comment: `persons merge ${event.data.mergeId}`,
      },
      updatedEvents(
        next,
        ['parties'],
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
