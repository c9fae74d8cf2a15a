import { type Principal } from '@opencen/contracts';

import { caseReadScope } from '../../cases/domain/case-workflow';
import { analyst, investigator, officer } from '../../cases/testing/cases.fixtures';
import { afterPosition, caseFilter, caseSort } from './case-filter';

const liaison: Principal = { sub: 'liaison-sub', username: 'liaison', roles: ['liaison'] };
const all = { all: true } as const;

describe('case filter', () => {
  it('limits each principal to the cases they may read', () => {
    expect(caseFilter({ scope: caseReadScope(analyst) })).toEqual({});
    expect(caseFilter({ scope: caseReadScope(officer) })).toEqual({ office: { $in: ['FRA-CDG'] } });
    expect(caseFilter({ scope: caseReadScope(investigator) })).toEqual({
      $or: [{ office: { $in: ['FRA-PAR'] } }, { assignedInvestigators: 'investigator-sub' }],
    });
    expect(caseFilter({ scope: caseReadScope(liaison) })).toEqual({
      status: { $in: ['validated', 'closed'] },
    });
  });

  it('puts every filter on its stored dimension, all together', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const before = new Date('2026-02-01T00:00:00Z');
    expect(
      caseFilter({
        scope: caseReadScope(officer),
        detectedFrom: from,
        detectedBefore: before,
        office: 'FRA-CDG',
        status: 'submitted',
        type: 'seizure',
        commodityCategory: 'DRUGS',
        country: 'BR',
        detectionMethod: 'DOG',
        concealmentMethod: 'BODY',
        partyId: 'p1',
        conveyanceId: 'v1',
        words: ['cocaine', 'suitcase'],
      }),
    ).toEqual({
      $and: [
        { office: { $in: ['FRA-CDG'] } },
        { detectedAt: { $gte: from, $lt: before } },
        { office: 'FRA-CDG' },
        { status: 'submitted' },
        { type: 'seizure' },
        { commodityCategories: 'DRUGS' },
        { routeCountries: 'BR' },
        { detectionMethods: 'DOG' },
        { concealmentMethods: 'BODY' },
        { subjectKeys: { $in: ['person:p1', 'company:p1'] } },
        { subjectKeys: 'conveyance:v1' },
        { keywords: { $all: ['cocaine', 'suitcase'] } },
      ],
    });
  });

  it('matches an HS chapter on headings, a heading on its index, a longer prefix on the codes', () => {
    expect(caseFilter({ scope: all, hsPrefix: '29' })).toEqual({ hsHeadings: { $regex: '^29' } });
    expect(caseFilter({ scope: all, hsPrefix: '2939' })).toEqual({ hsHeadings: '2939' });
    expect(caseFilter({ scope: all, hsPrefix: '293979' })).toEqual({
      $and: [{ hsHeadings: '2939' }, { hsCodes: { $regex: '^293979' } }],
    });
  });
});

describe('case pages', () => {
  const at = new Date('2026-03-01T00:00:00Z');

  it('sort on the key, then the id', () => {
    expect(caseSort({ field: 'number', direction: 'asc' })).toEqual({ number: 1, _id: 1 });
    expect(caseSort({ field: 'detectedAt', direction: 'desc' })).toEqual({
      detectedAt: -1,
      _id: 1,
    });
  });

  it('continue after the last key and id; undated drafts last when descending', () => {
    const desc = { field: 'detectedAt', direction: 'desc' } as const;
    expect(afterPosition(desc, { value: at, id: 'c1' })).toEqual({
      $or: [
        { detectedAt: { $lt: at } },
        { detectedAt: at, _id: { $gt: 'c1' } },
        { detectedAt: null },
      ],
    });
    expect(afterPosition(desc, { value: null, id: 'c1' })).toEqual({
      detectedAt: null,
      _id: { $gt: 'c1' },
    });
  });

  it('undated drafts first when ascending', () => {
    const asc = { field: 'detectedAt', direction: 'asc' } as const;
    expect(afterPosition(asc, { value: null, id: 'c1' })).toEqual({
      $or: [{ detectedAt: null, _id: { $gt: 'c1' } }, { detectedAt: { $ne: null } }],
    });
    expect(afterPosition(asc, { value: at, id: 'c1' })).toEqual({
      $or: [{ detectedAt: { $gt: at } }, { detectedAt: at, _id: { $gt: 'c1' } }],
    });
  });
});
