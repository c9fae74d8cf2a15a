import { buildEvent, caseSubjectsLinked, parseEvent, watchlistHit } from '@opencen/contracts';

import { InMemoryAlerts, anAlert } from '../../alerts/testing/alerts.fixtures';
import { RecordWatchlistHits } from '../../alerts/usecases/record-watchlist-hits';
import { LinkCaseSubjects } from './link-case-subjects';
import { CaseLinkStore } from './ports';

/** Case links in memory, with the store's rule: a set of case ids and the latest sighting. */
class InMemoryCaseLinks extends CaseLinkStore {
  readonly persons = new Map<string, { caseIds: Set<string>; lastSeenAt: Date }>();

  linkPerson(personId: string, caseId: string, at: Date): Promise<void> {
    const links = this.persons.get(personId) ?? { caseIds: new Set(), lastSeenAt: at };
    links.caseIds.add(caseId);
    if (at > links.lastSeenAt) links.lastSeenAt = at;
    this.persons.set(personId, links);
    return Promise.resolve();
  }
}

function caseEvent(caseId: string, recordedAt: string) {
  return buildEvent(caseSubjectsLinked, {
    subject: caseId,
    correlationId: 'corr',
    actor: 'officer-sub',
    data: {
      caseId,
      office: 'FRA-CDG',
      recordedAt,
      subjects: [
        { subjectType: 'person', subjectId: 'person-1', role: 'suspect' },
        { subjectType: 'person', subjectId: 'person-1', role: 'owner' },
        { subjectType: 'conveyance', subjectId: 'truck-1', role: 'other' },
      ],
    },
  });
}

describe('LinkCaseSubjects', () => {
  it('links each person once per case, keeps the latest sighting and hits each alert once per case', async () => {
    const links = new InMemoryCaseLinks();
    const alerts = new InMemoryAlerts([anAlert()]);
    const link = new LinkCaseSubjects(links, new RecordWatchlistHits(alerts));

    await link.execute(caseEvent('case-1', '2026-11-28T10:00:00.000Z'));
    // The same case again, as a new event: nothing more is counted or reported.
    await link.execute(caseEvent('case-1', '2026-11-28T09:00:00.000Z'));
    await link.execute(caseEvent('case-2', '2026-11-29T08:00:00.000Z'));

    expect(links.persons.get('person-1')).toEqual({
      caseIds: new Set(['case-1', 'case-2']),
      lastSeenAt: new Date('2026-11-29T08:00:00.000Z'),
    });
    // Conveyances are not stored by this service yet.
    expect(links.persons.has('truck-1')).toBe(false);
    expect(alerts.events.map((event) => parseEvent(watchlistHit, event).data.caseId)).toEqual([
      'case-1',
      'case-2',
    ]);
  });
});
