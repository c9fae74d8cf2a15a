import { idFromKey, notificationKey, notificationPosition, withoutActor } from './notice';
import {
  caseAssignedNotice,
  caseRejectedNotice,
  caseSubmittedNotice,
  inactivityReminderNotice,
  taskNotice,
  taskState,
  watchlistHitNotice,
} from './recipient-rules';

const cause = { eventId: '0b8c4a56-3c1e-4d4e-9f6a-1f2e3d4c5b6a', actor: 'sub-officer' };

describe('recipient rules', () => {
  it("tells a watchlist hit to the alert's owner and the supervisors of the alert's office", () => {
    const notice = watchlistHitNotice(
      { alertId: 'alert-1', caseId: 'case-1', ownerOffice: 'FRA-ORY', ownerOfficer: 'sub-owner' },
      cause,
      'FRA-CDG-2026-000001',
    );
    expect(notice).toMatchObject({
      id: cause.eventId,
      kind: 'watchlist-hit',
      audiences: [
        { type: 'users', users: ['sub-owner'] },
        { type: 'supervisors', office: 'FRA-ORY' },
      ],
      link: { type: 'case', id: 'case-1', label: 'FRA-CDG-2026-000001' },
      params: { alert: 'alert-1', case: 'FRA-CDG-2026-000001' },
    });
  });

  it('names the case by its id when its number is not known yet', () => {
    const notice = watchlistHitNotice(
      { alertId: 'a', caseId: 'case-9', ownerOffice: 'FRA-ORY', ownerOfficer: 'o' },
      cause,
    );
    expect(notice.params.case).toBe('case-9');
    expect(notice.link).toEqual({ type: 'case', id: 'case-9' });
  });

  it('tells an assignment to the investigators, a rejection to the author, a submission to the supervisors', () => {
    const data = { caseId: 'c', number: 'FRA-CDG-2026-000002', office: 'FRA-CDG' };
    expect(caseAssignedNotice({ ...data, investigators: ['i1', 'i2'] }, cause).audiences).toEqual([
      { type: 'users', users: ['i1', 'i2'] },
    ]);
    expect(
      caseRejectedNotice(
        data,
        { caseId: 'c', number: data.number, office: 'FRA-CDG', author: 'a1' },
        cause,
      )?.audiences,
    ).toEqual([{ type: 'users', users: ['a1'] }]);
    expect(caseRejectedNotice(data, null, cause)).toBeNull();
    expect(caseSubmittedNotice(data, cause).audiences).toEqual([
      { type: 'supervisors', office: 'FRA-CDG' },
    ]);
  });

  it('tells an inactivity reminder to its user, with the day of the lock', () => {
    const notice = inactivityReminderNotice(
      { userId: 'u1', lockAt: '2027-01-05T10:00:00.000Z' },
      cause,
    );
    expect(notice).toMatchObject({
      kind: 'account-inactivity',
      audiences: [{ type: 'users', users: ['u1'] }],
      link: { type: 'account', id: 'u1' },
      params: { date: '2027-01-05' },
    });
  });

  it('finds a task due within a day, overdue once its day has passed', () => {
    expect(taskState('2026-12-09', '2026-12-07')).toBeNull();
    expect(taskState('2026-12-08', '2026-12-07')).toBe('due');
    expect(taskState('2026-12-07', '2026-12-07')).toBe('due');
    expect(taskState('2026-12-06', '2026-12-07')).toBe('overdue');
    expect(taskState('2027-01-01', '2026-12-31')).toBe('due');
  });

  it('gives a task one notification id per state, the same every time', () => {
    const task = {
      caseId: 'c',
      caseNumber: 'N',
      taskId: 't',
      dueDate: '2026-12-08',
      assignee: 'i',
    };
    const due = taskNotice(task, 'due')!;
    expect(taskNotice(task, 'due')!.id).toBe(due.id);
    expect(taskNotice(task, 'overdue')!.id).not.toBe(due.id);
    expect(due.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(due.kind).toBe('task-due');
    expect(taskNotice({ ...task, assignee: undefined }, 'due')).toBeNull();
  });
});

describe('notification keys', () => {
  it('keys a notification by recipient and id: once per event and recipient', () => {
    expect(notificationKey('sub-1', 'ev-1')).toBe('sub-1/ev-1');
    expect(notificationKey('sub-2', 'ev-1')).not.toBe(notificationKey('sub-1', 'ev-1'));
  });

  it('orders positions as text in time order', () => {
    const early = notificationPosition(new Date(999), 'zzz');
    const late = notificationPosition(new Date('2026-12-07T10:00:00Z'), 'aaa');
    expect(early).toBe('0000000000999-zzz');
    expect(early < late).toBe(true);
    expect(idFromKey('x')).toBe(idFromKey('x'));
  });

  it('tells each recipient once, and not the one who caused it', () => {
    expect(withoutActor(['a', 'b', 'a', 'c'], 'c')).toEqual(['a', 'b']);
    expect(withoutActor(['a'], undefined)).toEqual(['a']);
  });
});
