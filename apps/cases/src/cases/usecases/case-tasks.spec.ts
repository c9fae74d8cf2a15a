import { type Principal, caseTaskAdded, caseTaskCompleted, parseEvent } from '@opencen/contracts';
import { FixedClock, SequentialIds } from '@opencen/testing';

import { InMemoryCases, NOW, contextOf } from '../testing/case-ports.fakes';
import {
  aCase,
  analyst,
  investigator,
  officer,
  otherOfficer,
  supervisor,
} from '../testing/cases.fixtures';
import { AddCaseTask, CompleteCaseTask } from './case-tasks';

describe('case tasks', () => {
  let cases: InMemoryCases;
  let addTask: AddCaseTask;
  let completeTask: CompleteCaseTask;

  beforeEach(() => {
    cases = new InMemoryCases([
      aCase({ type: 'investigation', assignedInvestigators: [investigator.sub] }),
    ]);
    addTask = new AddCaseTask(cases, new FixedClock(NOW), new SequentialIds());
    completeTask = new CompleteCaseTask(cases, new FixedClock(NOW));
  });

  it('adds a task as a versioned change, recorded in the history, with its task-added event', async () => {
    const { case: kase, task } = await addTask.execute({
      caseId: 'case-1',
      version: 1,
      title: 'Interview the driver Jean Dupont',
      dueDate: '2026-12-05',
      assignee: investigator.sub,
      context: contextOf(supervisor),
    });
    expect(task).toEqual({
      id: 'id-1',
      title: 'Interview the driver Jean Dupont',
      dueDate: '2026-12-05',
      assignee: investigator.sub,
      status: 'open',
      createdAt: NOW.toISOString(),
      createdBy: supervisor.sub,
    });
    expect(kase).toMatchObject({ version: 2, tasks: [task] });
    expect(cases.get('case-1').history).toEqual([
      { version: 2, at: NOW, by: supervisor.sub, change: 'task-added', fields: ['tasks'] },
    ]);
    expect(parseEvent(caseTaskAdded, cases.events[0])).toMatchObject({
      subject: 'case-1',
      actor: supervisor.sub,
      data: {
        caseId: 'case-1',
        version: 2,
        taskId: 'id-1',
        taskStatus: 'open',
        dueDate: '2026-12-05',
        assignee: investigator.sub,
      },
    });
    // The title is free text (here a name): it stays in the case.
    expect(JSON.stringify(cases.events)).not.toContain('Dupont');
  });

  it('completes a task once, with its task-completed event; completing it again changes nothing', async () => {
    await addTask.execute({
      caseId: 'case-1',
      version: 1,
      title: 'Trace the container',
      context: contextOf(investigator),
    });
    const { case: kase, task } = await completeTask.execute({
      caseId: 'case-1',
      version: 2,
      taskId: 'id-1',
      context: contextOf(investigator),
    });
    expect(task).toMatchObject({
      status: 'done',
      completedAt: NOW.toISOString(),
      completedBy: investigator.sub,
    });
    expect(kase.version).toBe(3);
    expect(cases.get('case-1').history.map((h) => h.change)).toEqual([
      'task-added',
      'task-completed',
    ]);
    const completed = parseEvent(caseTaskCompleted, cases.events[1]);
    expect(completed.data).toMatchObject({ taskId: 'id-1', taskStatus: 'done', version: 3 });
    expect(completed.data).not.toHaveProperty('dueDate');

    const again = await completeTask.execute({
      caseId: 'case-1',
      version: 3,
      taskId: 'id-1',
      context: contextOf(supervisor),
    });
    expect(again.case.version).toBe(3);
    expect(cases.events).toHaveLength(2);
  });

  it('says NOT_FOUND for an unknown task', async () => {
    await expect(
      completeTask.execute({
        caseId: 'case-1',
        version: 1,
        taskId: 'nope',
        context: contextOf(supervisor),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps tasks to supervisors of the office and assigned investigators', async () => {
    const supervisorElsewhere: Principal = { ...otherOfficer, roles: ['supervisor'] };
    for (const [principal, code] of [
      [officer, 'FORBIDDEN'],
      [analyst, 'FORBIDDEN'],
      [supervisorElsewhere, 'NOT_FOUND'],
      [{ ...investigator, sub: 'someone-else' }, 'NOT_FOUND'],
    ] satisfies [Principal, string][]) {
      await expect(
        addTask.execute({
          caseId: 'case-1',
          version: 1,
          title: 't',
          context: contextOf(principal),
        }),
      ).rejects.toMatchObject({ code });
    }
    expect(cases.events).toHaveLength(0);
  });

  it('refuses tasks on a closed case, and a stale version, with CONFLICT', async () => {
    await expect(
      addTask.execute({ caseId: 'case-1', version: 9, title: 't', context: contextOf(supervisor) }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version' })],
    });
    cases = new InMemoryCases([aCase({ status: 'closed' })]);
    addTask = new AddCaseTask(cases, new FixedClock(NOW), new SequentialIds());
    await expect(
      addTask.execute({ caseId: 'case-1', version: 1, title: 't', context: contextOf(supervisor) }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'status', code: 'closed' })],
    });
  });
});
