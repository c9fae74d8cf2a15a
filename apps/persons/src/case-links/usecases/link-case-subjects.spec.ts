import {
  type SubjectRef,
  buildEvent,
  caseSubjectsLinked,
  parseEvent,
  watchlistHit,
} from '@opencen/contracts';

import { InMemoryAlerts, anAlert } from '../../alerts/testing/alerts.fixtures';
import { RecordWatchlistHits } from '../../alerts/usecases/record-watchlist-hits';
import { LinkCaseSubjects } from './link-case-subjects';
import { CaseLinkStore } from './ports';

/**
 * Case links in memory, with the store's rules: known subjects as `type:id`, merged ones pointing
 * at their survivor, a set of case ids and the latest sighting per subject.
 */
class InMemoryCaseLinks extends CaseLinkStore {
  readonly links = new Map<string, { caseIds: Set<string>; lastSeenAt: Date }>();
  readonly mergedInto = new Map<string, string>();

  constructor(private readonly known: readonly string[]) {
    super();
  }

  resolve(subject: SubjectRef): Promise<SubjectRef | null> {
    let key = `${subject.subjectType}:${subject.subjectId}`;
    if (!this.known.includes(key)) return Promise.resolve(null);
    for (let next; (next = this.mergedInto.get(key));) key = next;
    return Promise.resolve({ subjectType: subject.subjectType, subjectId: key.split(':')[1]! });
  }

  link(subject: SubjectRef, caseId: string, at: Date): Promise<void> {
    const key = `${subject.subjectType}:${subject.subjectId}`;
    const links = this.links.get(key) ?? { caseIds: new Set(), lastSeenAt: at };
    links.caseIds.add(caseId);
    if (at > links.lastSeenAt) links.lastSeenAt = at;
    this.links.set(key, links);
    return Promise.resolve();
  }
}

function caseEvent(
  caseId: string,
  recordedAt: string,
  subjects: { subjectType: SubjectRef['subjectType']; subjectId: string }[] = [
    { subjectType: 'person', subjectId: 'person-1' },
    { subjectType: 'person', subjectId: 'person-1' },
    { subjectType: 'conveyance', subjectId: 'truck-1' },
  ],
) {
  return buildEvent(caseSubjectsLinked, {
    subject: caseId,
    correlationId: 'corr',
    actor: 'officer-sub',
    data: {
      caseId,
      office: 'FRA-CDG',
      recordedAt,
      subjects: subjects.map((subject, n) => ({
        ...subject,
        role: n === 1 ? ('owner' as const) : ('suspect' as const),
      })),
    },
  });
}

const hitsOf = (alerts: InMemoryAlerts) =>
  alerts.events.map((event) => parseEvent(watchlistHit, event).data);

describe('LinkCaseSubjects', () => {
  it('links each subject once per case, keeps the latest sighting and hits each alert once per case', async () => {
    const links = new InMemoryCaseLinks(['person:person-1', 'conveyance:truck-1']);
    const alerts = new InMemoryAlerts([
      anAlert(),
      anAlert({ id: 'alert-2', subject: { subjectType: 'conveyance', subjectId: 'truck-1' } }),
    ]);
    const link = new LinkCaseSubjects(links, new RecordWatchlistHits(alerts));

    await link.execute(caseEvent('case-1', '2026-11-28T10:00:00.000Z'));
    // The same case again, as a new event: nothing more is counted or reported.
    await link.execute(caseEvent('case-1', '2026-11-28T09:00:00.000Z'));
    await link.execute(caseEvent('case-2', '2026-11-29T08:00:00.000Z'));

    expect(links.links.get('person:person-1')).toEqual({
      caseIds: new Set(['case-1', 'case-2']),
      lastSeenAt: new Date('2026-11-29T08:00:00.000Z'),
    });
    expect(links.links.get('conveyance:truck-1')?.caseIds).toEqual(new Set(['case-1', 'case-2']));
    expect(hitsOf(alerts).map((hit) => [hit.alertId, hit.caseId])).toEqual([
      ['alert-1', 'case-1'],
      ['alert-2', 'case-1'],
      ['alert-1', 'case-2'],
      ['alert-2', 'case-2'],
    ]);
  });

  it('leaves subjects it does not know out of the links', async () => {
    const links = new InMemoryCaseLinks([]);
    const link = new LinkCaseSubjects(links, new RecordWatchlistHits(new InMemoryAlerts()));
    await link.execute(caseEvent('case-1', '2026-11-28T10:00:00.000Z'));
    expect(links.links.size).toBe(0);
  });

  it('counts a case naming a merged person for the survivor, and hits the survivor’s alerts', async () => {
    const links = new InMemoryCaseLinks(['person:survivor', 'person:merged']);
    links.mergedInto.set('person:merged', 'person:survivor');
    const alerts = new InMemoryAlerts([
      anAlert({ id: 'on-survivor', subject: { subjectType: 'person', subjectId: 'survivor' } }),
      // Not yet moved by the alert-merges consumer: still hit, once.
      anAlert({ id: 'not-yet-moved', subject: { subjectType: 'person', subjectId: 'merged' } }),
    ]);
    const link = new LinkCaseSubjects(links, new RecordWatchlistHits(alerts));

    await link.execute(
      caseEvent('case-1', '2026-11-28T10:00:00.000Z', [
        { subjectType: 'person', subjectId: 'merged' },
      ]),
    );
    // Naming both the merged person and its survivor counts the case once.
    await link.execute(
      caseEvent('case-2', '2026-11-29T10:00:00.000Z', [
        { subjectType: 'person', subjectId: 'merged' },
        { subjectType: 'person', subjectId: 'survivor' },
      ]),
    );

    expect(links.links.has('person:merged')).toBe(false);
    expect(links.links.get('person:survivor')).toEqual({
      caseIds: new Set(['case-1', 'case-2']),
      lastSeenAt: new Date('2026-11-29T10:00:00.000Z'),
    });
    expect(hitsOf(alerts).map((hit) => [hit.alertId, hit.subjectId, hit.caseId])).toEqual([
      ['on-survivor', 'survivor', 'case-1'],
      ['not-yet-moved', 'merged', 'case-1'],
      ['on-survivor', 'survivor', 'case-2'],
      ['not-yet-moved', 'merged', 'case-2'],
    ]);
  });
});
