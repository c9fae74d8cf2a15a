import { FixedClock } from '@opencen/testing';
import { alertUpdated, parseEvent } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { InMemoryAlerts, KnownSubjects, NOW, anAlert } from '../testing/alerts.fixtures';
import { FollowMerges, type MergeNotice } from './follow-merges';

const notice: MergeNotice = {
  subjectType: 'person',
  mergeId: 'merge-1',
  survivorId: 'person-1',
  mergedId: 'person-2',
  cause: { actor: 'persons', correlationId: 'corr-1', causationId: 'event-1' },
};

describe('FollowMerges', () => {
  let alerts: InMemoryAlerts;
  let subjects: KnownSubjects;
  let follow: FollowMerges;

  beforeEach(() => {
    alerts = new InMemoryAlerts([
      anAlert({ id: 'on-merged', subject: { subjectType: 'person', subjectId: 'person-2' } }),
      anAlert({
        id: 'expired-on-merged',
        status: 'expired',
        subject: { subjectType: 'person', subjectId: 'person-2' },
      }),
      anAlert({ id: 'on-survivor', subject: { subjectType: 'person', subjectId: 'person-1' } }),
      // The same id for another kind of subject is another subject.
      anAlert({ id: 'on-company', subject: { subjectType: 'company', subjectId: 'person-2' } }),
    ]);
    subjects = new KnownSubjects(['person-1', 'person-2', 'company:person-2']);
    subjects.merge('person', 'merge-1', 'person-1', 'person-2');
    follow = new FollowMerges(alerts, subjects, new FixedClock(NOW));
  });

  const subjectOf = (id: string) => alerts.stored.get(id)!.alert.subject.subjectId;

  it("moves every alert of the merged person to the survivor, each with an 'updated' event", async () => {
    await expect(follow.merged(notice)).resolves.toBe(2);
    expect(subjectOf('on-merged')).toBe('person-1');
    expect(subjectOf('expired-on-merged')).toBe('person-1');
    expect(subjectOf('on-survivor')).toBe('person-1');
    expect(subjectOf('on-company')).toBe('person-2');
    expect(alerts.stored.get('on-merged')!.alert).toMatchObject({
      version: 2,
      updatedAt: NOW.toISOString(),
    });
    const events = alerts.events.map((event) => parseEvent(alertUpdated, event));
    expect(
      events.map((event) => [event.data.alertId, event.data.subjectId, event.data.fields]),
    ).toEqual([
      ['on-merged', 'person-1', ['subject']],
      ['expired-on-merged', 'person-1', ['subject']],
    ]);
    expect(events[0]!.causationid).toBe('event-1');
  });

  it('does nothing more when the same merge is handled again', async () => {
    await follow.merged(notice);
    await expect(follow.merged(notice)).resolves.toBe(0);
    expect(alerts.events).toHaveLength(2);
  });

  it('moves nothing for a merge that is no longer in force (handled after its undo)', async () => {
    subjects.unmerge('person', 'merge-1', 'person-2');
    await expect(follow.merged(notice)).resolves.toBe(0);
    expect(subjectOf('on-merged')).toBe('person-2');
    expect(alerts.events).toEqual([]);
  });

  it('undo moves back exactly the alerts the merge moved, once', async () => {
    await follow.merged(notice);
    // Raised on the survivor after the merge: it stays there.
    alerts.stored.set('raised-later', {
      alert: anAlert({
        id: 'raised-later',
        subject: { subjectType: 'person', subjectId: 'person-1' },
      }),
      hits: [],
    });
    subjects.unmerge('person', 'merge-1', 'person-2');
    await expect(follow.unmerged(notice)).resolves.toBe(2);
    expect(subjectOf('on-merged')).toBe('person-2');
    expect(subjectOf('expired-on-merged')).toBe('person-2');
    expect(subjectOf('on-survivor')).toBe('person-1');
    expect(subjectOf('raised-later')).toBe('person-1');
    expect(alerts.stored.get('on-merged')!.alert.version).toBe(3);
    await expect(follow.unmerged(notice)).resolves.toBe(0);
    expect(alerts.events).toHaveLength(4);
  });

  it('lets a concurrent change of an alert fail the move (CONFLICT), and a retry finishes it', async () => {
    alerts.beforeUpdate = () => {
      alerts.beforeUpdate = undefined;
      const current = alerts.stored.get('on-merged')!;
      alerts.stored.set('on-merged', {
        ...current,
        alert: { ...current.alert, version: current.alert.version + 1 },
      });
    };
    const error = await follow.merged(notice).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    await follow.merged(notice);
    expect(subjectOf('on-merged')).toBe('person-1');
    expect(subjectOf('expired-on-merged')).toBe('person-1');
  });
});
