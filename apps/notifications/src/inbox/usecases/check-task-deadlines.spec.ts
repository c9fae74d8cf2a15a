import { inboxWorld } from '../testing/inbox.fixtures';
import { CheckTaskDeadlines } from './check-task-deadlines';

function world() {
  const w = inboxWorld(new Date('2026-12-07T10:00:00Z'));
  w.recipients.add('inv-1', 'FRA-CDG', { language: 'es' });
  const check = new CheckTaskDeadlines(w.facts, w.deliver, w.clock as never, { lookbackDays: 14 });
  return { ...w, check };
}

const task = (taskId: string, dueDate: string) => ({
  caseId: 'case-1',
  caseNumber: 'FRA-CDG-2026-000003',
  taskId,
  dueDate,
  assignee: 'inv-1',
});

describe('CheckTaskDeadlines', () => {
  it('tells the assignee once when a task is due within a day, and once when it is overdue', async () => {
    const { check, facts, store, clock } = world();
    await facts.recordTask(task('t-1', '2026-12-08'));
    await facts.recordTask(task('t-2', '2026-12-20'));
    expect(await check.execute()).toEqual({ told: 1 });
    expect(await check.execute()).toEqual({ told: 0 });
    const kinds = () => [...store.notifications.values()].map((n) => n.kind);
    expect(kinds()).toEqual(['task-due']);
    expect([...store.notifications.values()][0]!.text).toBe(
      'Una tarea del caso FRA-CDG-2026-000003 vence el 2026-12-08',
    );
    clock.set(new Date('2026-12-09T08:00:00Z'));
    expect(await check.execute()).toEqual({ told: 1 });
    expect(await check.execute()).toEqual({ told: 0 });
    expect(kinds()).toEqual(['task-due', 'task-overdue']);
  });

  it('tells nothing of a task done, nor of one without an assignee', async () => {
    const { check, facts, store } = world();
    await facts.recordTask(task('t-1', '2026-12-07'));
    await facts.completeTask('case-1', 't-1');
    await facts.recordTask({ ...task('t-3', '2026-12-07'), assignee: undefined });
    expect(await check.execute()).toEqual({ told: 0 });
    expect(store.notifications.size).toBe(0);
  });

  it('stores a task state told twice (two replicas) once', async () => {
    const { check, facts, store } = world();
    await facts.recordTask(task('t-1', '2026-12-05'));
    await Promise.all([check.execute(), check.execute()]);
    expect(store.notifications.size).toBe(1);
  });
});
