import { FixedClock } from '@opencen/testing';
import { alertUpdated, alertWithdrawn, parseEvent } from '@opencen/contracts';

import {
  NOW,
  InMemoryAlerts,
  KnownSubjects,
  aDraft,
  anAlert,
  contextOf,
  investigator,
  otherOfficeSupervisor,
} from '../testing/alerts.fixtures';
import { UpdateAlert } from './update-alert';
import { WithdrawAlert } from './withdraw-alert';

describe('UpdateAlert and WithdrawAlert', () => {
  let alerts: InMemoryAlerts;
  let subjects: KnownSubjects;

  beforeEach(() => {
    alerts = new InMemoryAlerts([anAlert()]);
    subjects = new KnownSubjects(['person-1']);
  });

  const update = () => new UpdateAlert(alerts, subjects, new FixedClock(NOW));
  const withdraw = () => new WithdrawAlert(alerts, subjects, new FixedClock(NOW));

  it('updates from the current version, naming the changed fields in its event', async () => {
    const next = await update().execute({
      id: 'alert-1',
      version: 1,
      draft: aDraft({ category: 'wanted', validTo: '2027-12-31' }),
      context: contextOf(investigator),
    });
    expect(next).toMatchObject({ version: 2, category: 'wanted', validTo: '2027-12-31' });
    expect(parseEvent(alertUpdated, alerts.events[0]).data.fields).toEqual(['category', 'validTo']);
  });

  it('stores and emits nothing when nothing changes', async () => {
    const same = await update().execute({
      id: 'alert-1',
      version: 1,
      draft: aDraft(),
      context: contextOf(investigator),
    });
    expect(same.version).toBe(1);
    expect(alerts.events).toHaveLength(0);
  });

  it('refuses a stale version with CONFLICT naming version', async () => {
    await expect(
      update().execute({
        id: 'alert-1',
        version: 7,
        draft: aDraft({ category: 'wanted' }),
        context: contextOf(investigator),
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version' })],
    });
  });

  it('leaves changes to the owning office', async () => {
    await expect(
      withdraw().execute({ id: 'alert-1', version: 1, context: contextOf(otherOfficeSupervisor) }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('withdraws an active alert once; a withdrawn alert no longer changes', async () => {
    const withdrawn = await withdraw().execute({
      id: 'alert-1',
      version: 1,
      context: contextOf(investigator),
    });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', version: 2 });
    expect(parseEvent(alertWithdrawn, alerts.events[0]).data.alertId).toBe('alert-1');
    await expect(
      update().execute({
        id: 'alert-1',
        version: 2,
        draft: aDraft({ category: 'wanted' }),
        context: contextOf(investigator),
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'status' })],
    });
  });

  it('is NOT_FOUND on a subject above the manager’s clearance, and changes nothing', async () => {
    subjects.classified.set('person:person-1', 'secret');
    await expect(
      withdraw().execute({ id: 'alert-1', version: 1, context: contextOf(investigator) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      update().execute({
        id: 'alert-1',
        version: 1,
        draft: aDraft({ category: 'wanted' }),
        context: contextOf(investigator),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(alerts.events).toEqual([]);
    const cleared = { ...investigator, clearance: 'secret' as const };
    await expect(
      withdraw().execute({ id: 'alert-1', version: 1, context: contextOf(cleared) }),
    ).resolves.toMatchObject({ status: 'withdrawn' });
  });
});
