import { alertRaised, parseEvent } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import {
  FixedAlertClock,
  InMemoryAlerts,
  KnownPersons,
  SequentialAlertIds,
  aDraft,
  contextOf,
  investigator,
  officer,
} from '../testing/alerts.fixtures';
import { RaiseAlert } from './raise-alert';

describe('RaiseAlert', () => {
  let alerts: InMemoryAlerts;
  let raise: RaiseAlert;

  beforeEach(() => {
    alerts = new InMemoryAlerts();
    raise = new RaiseAlert(
      alerts,
      new KnownPersons(['person-1']),
      new FixedAlertClock(),
      new SequentialAlertIds(),
    );
  });

  it('raises an active alert owned by the investigator and their office, with its event', async () => {
    const alert = await raise.execute({
      subject: { subjectType: 'person', subjectId: 'person-1' },
      draft: aDraft(),
      context: contextOf(investigator),
    });
    expect(alert).toMatchObject({
      id: 'alert-1',
      status: 'active',
      ownerOffice: 'FRA-CDG',
      ownerOfficer: 'inv-1',
      version: 1,
    });
    expect(alerts.events).toHaveLength(1);
    const event = parseEvent(alertRaised, alerts.events[0]);
    expect(event.data).toEqual({
      alertId: 'alert-1',
      subjectType: 'person',
      subjectId: 'person-1',
      category: 'smuggling-suspect',
      validFrom: '2026-11-01',
      validTo: '2027-05-01',
      ownerOffice: 'FRA-CDG',
      ownerOfficer: 'inv-1',
      version: 1,
    });
    // Free text stays out of events.
    expect(JSON.stringify(event)).not.toContain('heroin');
  });

  it('refuses companies and conveyances for now, naming subjectType and saying why', async () => {
    const error = await raise
      .execute({
        subject: { subjectType: 'company', subjectId: 'c-1' },
        draft: aDraft(),
        context: contextOf(investigator),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        expect.objectContaining({
          path: 'subject.subjectType',
          reason: expect.stringContaining('not kept by this service yet'),
        }),
      ],
    });
    expect(alerts.stored.size).toBe(0);
  });

  it('refuses an unknown person', async () => {
    await expect(
      raise.execute({
        subject: { subjectType: 'person', subjectId: 'nobody' },
        draft: aDraft(),
        context: contextOf(investigator),
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'subject.subjectId' })],
    });
  });

  it('refuses an alert that has already ended', async () => {
    await expect(
      raise.execute({
        subject: { subjectType: 'person', subjectId: 'person-1' },
        draft: aDraft({ validFrom: '2026-01-01', validTo: '2026-11-27' }),
        context: contextOf(investigator),
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'draft.validTo' })],
    });
  });

  it('is for investigators and supervisors only', async () => {
    await expect(
      raise.execute({
        subject: { subjectType: 'person', subjectId: 'person-1' },
        draft: aDraft(),
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      raise.execute({
        subject: { subjectType: 'person', subjectId: 'person-1' },
        draft: aDraft(),
        context: contextOf(undefined),
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
