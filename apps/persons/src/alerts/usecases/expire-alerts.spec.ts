import { FixedClock } from '@opencen/testing';
import { alertExpired, parseEvent } from '@opencen/contracts';

import { InMemoryAlerts, NOW, anAlert } from '../testing/alerts.fixtures';
import { ExpireAlerts } from './expire-alerts';

describe('ExpireAlerts', () => {
  it('expires active alerts whose last day has passed, each with its event; others stay', async () => {
    const alerts = new InMemoryAlerts([
      anAlert({ id: 'ended', validTo: '2026-11-27' }),
      anAlert({ id: 'last-day-today', validTo: '2026-11-28' }),
      anAlert({ id: 'withdrawn', validTo: '2026-11-01', status: 'withdrawn' }),
    ]);
    const run = await new ExpireAlerts(alerts, new FixedClock(NOW)).execute();
    expect(run).toEqual({ expired: 1, skipped: 0 });
    expect(alerts.stored.get('ended')?.alert).toMatchObject({ status: 'expired', version: 2 });
    expect(alerts.stored.get('last-day-today')?.alert.status).toBe('active');
    expect(alerts.stored.get('withdrawn')?.alert.status).toBe('withdrawn');
    expect(alerts.events.map((event) => parseEvent(alertExpired, event).data.alertId)).toEqual([
      'ended',
    ]);
  });

  it('runs at the time it is given (tests, or a catch-up run)', async () => {
    const alerts = new InMemoryAlerts([anAlert({ validTo: '2027-05-01' })]);
    const run = await new ExpireAlerts(alerts, new FixedClock(NOW)).execute(
      new Date('2027-05-02T00:00:00Z'),
    );
    expect(run.expired).toBe(1);
  });

  it('goes through every page of due alerts the index holds', async () => {
    const due = Array.from({ length: 250 }, (_, i) =>
      anAlert({ id: `due-${String(i).padStart(3, '0')}`, validTo: '2026-11-01' }),
    );
    const alerts = new InMemoryAlerts(due);
    const run = await new ExpireAlerts(alerts, new FixedClock(NOW)).execute();
    expect(run).toEqual({ expired: 250, skipped: 0 });
  });

  it('leaves alone an alert the index still holds as active once the store says otherwise', async () => {
    const alerts = new InMemoryAlerts([anAlert({ id: 'withdrawn', validTo: '2026-11-01' })]);
    // An index behind the store: the alert was withdrawn since it was indexed.
    alerts.idsActiveEndingBefore = (_today, _limit, after) =>
      Promise.resolve(after === undefined ? ['withdrawn'] : []);
    const entry = alerts.stored.get('withdrawn')!;
    entry.alert = { ...entry.alert, status: 'withdrawn', version: 2 };
    const run = await new ExpireAlerts(alerts, new FixedClock(NOW)).execute();
    expect(run).toEqual({ expired: 0, skipped: 0 });
    expect(alerts.stored.get('withdrawn')?.alert.status).toBe('withdrawn');
  });

  it('skips an alert another replica changed first, without failing the run', async () => {
    const alerts = new InMemoryAlerts([
      anAlert({ id: 'raced', validTo: '2026-11-01' }),
      anAlert({ id: 'ended', validTo: '2026-11-02' }),
    ]);
    let raced = false;
    alerts.beforeUpdate = () => {
      if (raced) return;
      raced = true;
      const entry = alerts.stored.get('raced');
      if (entry) entry.alert = { ...entry.alert, status: 'expired', version: 2 };
    };
    const run = await new ExpireAlerts(alerts, new FixedClock(NOW)).execute();
    expect(run).toEqual({ expired: 1, skipped: 1 });
    expect(alerts.events).toHaveLength(1);
  });
});
