import { FixedClock, SequentialIds } from '@opencen/testing';
import { alertRaised, parseEvent } from '@opencen/contracts';

import {
  NOW,
  InMemoryAlerts,
  KnownSubjects,
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
      new KnownSubjects(['person-1', 'company:company-1', 'conveyance:truck-1']),
      new FixedClock(NOW),
      new SequentialIds('alert'),
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

  it('raises alerts on companies and conveyances too', async () => {
    for (const subject of [
      { subjectType: 'company' as const, subjectId: 'company-1' },
      { subjectType: 'conveyance' as const, subjectId: 'truck-1' },
    ]) {
      const alert = await raise.execute({
        subject,
        draft: aDraft(),
        context: contextOf(investigator),
      });
      expect(alert.subject).toEqual(subject);
      expect(parseEvent(alertRaised, alerts.events.at(-1)).data).toMatchObject({
        subjectType: subject.subjectType,
        subjectId: subject.subjectId,
      });
    }
    expect(alerts.stored.size).toBe(2);
  });

  it('refuses a company or conveyance that does not exist, naming subjectId', async () => {
    for (const subjectType of ['company', 'conveyance'] as const) {
      await expect(
        raise.execute({
          // A person's id is not a company's or a conveyance's.
          subject: { subjectType, subjectId: 'person-1' },
          draft: aDraft(),
          context: contextOf(investigator),
        }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [
          expect.objectContaining({
            path: 'subject.subjectId',
            reason: `no ${subjectType} person-1`,
          }),
        ],
      });
    }
    expect(alerts.stored.size).toBe(0);
  });

  it("puts an alert raised on a merged subject's id on its survivor", async () => {
    const subjects = new KnownSubjects(['person-1', 'person-2']);
    subjects.merge('person', 'merge-1', 'person-1', 'person-2');
    raise = new RaiseAlert(alerts, subjects, new FixedClock(NOW), new SequentialIds('alert'));
    const alert = await raise.execute({
      subject: { subjectType: 'person', subjectId: 'person-2' },
      draft: aDraft(),
      context: contextOf(investigator),
    });
    expect(alert.subject).toEqual({ subjectType: 'person', subjectId: 'person-1' });
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

  it('refuses a subject above the manager’s clearance as unknown, and raises nothing', async () => {
    const subjects = new KnownSubjects(['person-1']);
    subjects.classified.set('person:person-1', 'confidential');
    const classified = new RaiseAlert(
      alerts,
      subjects,
      new FixedClock(NOW),
      new SequentialIds('a'),
    );
    const subject = { subjectType: 'person', subjectId: 'person-1' } as const;
    await expect(
      classified.execute({ subject, draft: aDraft(), context: contextOf(investigator) }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'subject.subjectId', code: 'unknown_subject' })],
    });
    expect(alerts.events).toEqual([]);
    const cleared = { ...investigator, clearance: 'confidential' as const };
    await expect(
      classified.execute({ subject, draft: aDraft(), context: contextOf(cleared) }),
    ).resolves.toMatchObject({ subject });
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
