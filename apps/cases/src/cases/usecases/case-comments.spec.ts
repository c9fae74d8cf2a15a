import { type Principal } from '@opencen/contracts';
import { FixedClock, SequentialIds } from '@opencen/testing';

import { InMemoryCases, NOW, contextOf } from '../testing/case-ports.fakes';
import { aCase, analyst, officer, otherOfficer, supervisor } from '../testing/cases.fixtures';
import { AddCaseComment, ListCaseComments } from './case-comments';

const liaison: Principal = { sub: 'liaison-sub', username: 'liaison', roles: ['liaison'] };

describe('case comments', () => {
  let cases: InMemoryCases;
  let addComment: AddCaseComment;
  let listComments: ListCaseComments;

  beforeEach(() => {
    cases = new InMemoryCases([aCase({ status: 'validated', version: 4 })]);
    addComment = new AddCaseComment(cases, new FixedClock(NOW), new SequentialIds());
    listComments = new ListCaseComments(cases);
  });

  it('adds comments to the thread, by number too, without changing the version or emitting', async () => {
    await addComment.execute({
      caseId: 'case-1',
      text: 'Lab results in',
      context: contextOf(officer),
    });
    await addComment.execute({
      caseId: 'FRACDG-2026-000001',
      text: 'Thanks',
      context: contextOf(supervisor),
    });
    await expect(
      listComments.execute({ caseId: 'case-1', context: contextOf(analyst) }),
    ).resolves.toEqual({
      items: [
        {
          id: 'id-1',
          text: 'Lab results in',
          at: NOW.toISOString(),
          by: officer.sub,
          byName: 'officer',
        },
        {
          id: 'id-2',
          text: 'Thanks',
          at: NOW.toISOString(),
          by: supervisor.sub,
          byName: 'supervisor',
        },
      ],
    });
    expect(cases.get('case-1').kase.version).toBe(4);
    expect(cases.get('case-1').history).toHaveLength(0);
    expect(cases.events).toHaveLength(0);
  });

  it('lets readers read the thread but not write to it', async () => {
    for (const principal of [analyst, liaison]) {
      await expect(
        addComment.execute({ caseId: 'case-1', text: 'x', context: contextOf(principal) }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        listComments.execute({ caseId: 'case-1', context: contextOf(principal) }),
      ).resolves.toEqual({ items: [] });
    }
  });

  it("hides another office's case (NOT_FOUND) for comments and thread alike", async () => {
    await expect(
      addComment.execute({ caseId: 'case-1', text: 'x', context: contextOf(otherOfficer) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      listComments.execute({ caseId: 'case-1', context: contextOf(otherOfficer) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(cases.get('case-1').comments).toHaveLength(0);
  });
});
