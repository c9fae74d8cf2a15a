import { parseEvent, watchlistHit } from '@opencen/contracts';

import { InMemoryAlerts, anAlert } from '../testing/alerts.fixtures';
import { type CaseSighting, RecordWatchlistHits } from './record-watchlist-hits';

function sighting(caseId: string, overrides: Partial<CaseSighting> = {}): CaseSighting {
  return {
    caseId,
    at: new Date('2026-11-28T10:00:00Z'),
    subjects: [{ subjectType: 'person', subjectId: 'person-1' }],
    cause: { actor: 'persons', correlationId: 'corr', causationId: `event-${caseId}` },
    ...overrides,
  };
}

describe('RecordWatchlistHits', () => {
  it('reports one hit per alert and case, even when the case is seen twice', async () => {
    const alerts = new InMemoryAlerts([anAlert()]);
    const hits = new RecordWatchlistHits(alerts);
    expect(await hits.execute(sighting('case-1'))).toEqual(['alert-1']);
    expect(await hits.execute(sighting('case-1'))).toEqual([]);
    expect(await hits.execute(sighting('case-2'))).toEqual(['alert-1']);
    const data = alerts.events.map((event) => parseEvent(watchlistHit, event).data);
    expect(data).toEqual([
      {
        alertId: 'alert-1',
        subjectType: 'person',
        subjectId: 'person-1',
        caseId: 'case-1',
        ownerOffice: 'FRA-CDG',
        ownerOfficer: 'inv-1',
      },
      expect.objectContaining({ caseId: 'case-2' }),
    ]);
    expect(alerts.stored.get('alert-1')?.hits).toEqual(['case-1', 'case-2']);
  });

  it('ignores alerts that are not active or not valid on the day of the case', async () => {
    const alerts = new InMemoryAlerts([
      anAlert({ id: 'withdrawn', status: 'withdrawn' }),
      anAlert({ id: 'future', validFrom: '2026-12-01' }),
      anAlert({ id: 'other', subject: { subjectType: 'person', subjectId: 'person-2' } }),
    ]);
    expect(await new RecordWatchlistHits(alerts).execute(sighting('case-1'))).toEqual([]);
    expect(alerts.events).toHaveLength(0);
  });

  it('retries after a concurrent change of the alert, and still hits once', async () => {
    const alerts = new InMemoryAlerts([anAlert()]);
    let changed = false;
    alerts.beforeUpdate = () => {
      if (changed) return;
      changed = true;
      const entry = alerts.stored.get('alert-1');
      if (entry) entry.alert = { ...entry.alert, category: 'wanted', version: 2 };
    };
    expect(await new RecordWatchlistHits(alerts).execute(sighting('case-1'))).toEqual(['alert-1']);
    expect(alerts.events).toHaveLength(1);
    expect(alerts.stored.get('alert-1')).toMatchObject({
      alert: { version: 3, category: 'wanted' },
      hits: ['case-1'],
    });
  });
});
