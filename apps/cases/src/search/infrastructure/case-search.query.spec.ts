import { type Principal } from '@opencen/contracts';

import { caseReadScope } from '../../cases/domain/case-workflow';
import { analyst, investigator, officer } from '../../cases/testing/cases.fixtures';
import { type CaseOrder } from '../domain/case-query';
import { caseSearchQuery, caseSearchSort, positionOfHit, searchAfter } from './case-search.query';

const liaison: Principal = { sub: 'liaison-sub', username: 'liaison', roles: ['liaison'] };
const scopeFilter = (principal: Principal) =>
  (caseSearchQuery({ scope: caseReadScope(principal) }) as { bool: { filter: unknown[] } }).bool
    .filter;

describe('case search query', () => {
  it("puts each principal's read scope inside the query, their clearance first", () => {
    const restricted = { terms: { classification: ['restricted'] } };
    expect(scopeFilter(analyst)).toEqual([restricted]);
    expect(scopeFilter({ ...analyst, clearance: 'confidential' })).toEqual([
      { terms: { classification: ['restricted', 'confidential'] } },
    ]);
    expect(scopeFilter(officer)).toEqual([
      restricted,
      { bool: { should: [{ terms: { office: ['FRA-CDG'] } }], minimum_should_match: 1 } },
    ]);
    expect(scopeFilter(investigator)).toEqual([
      restricted,
      {
        bool: {
          should: [
            { terms: { office: ['FRA-PAR'] } },
            { term: { assignedInvestigators: 'investigator-sub' } },
          ],
          minimum_should_match: 1,
        },
      },
    ]);
    expect(scopeFilter(liaison)).toEqual([
      restricted,
      {
        bool: { should: [{ terms: { status: ['validated', 'closed'] } }], minimum_should_match: 1 },
      },
    ]);
  });

  it('filters on every dimension together, and matches the text in every analysis', () => {
    const query = caseSearchQuery({
      scope: { all: true, classifications: ['restricted', 'confidential', 'secret'] },
      detectedFrom: new Date('2026-01-01T00:00:00Z'),
      detectedBefore: new Date('2026-02-01T00:00:00Z'),
      office: 'FRA-CDG',
      hsPrefix: '1211',
      partyId: 'p1',
      conveyanceId: 'v1',
      words: ['cocaine'],
      text: 'cocaïne',
    }) as { bool: { filter: unknown[]; must: { multi_match: { fields: string[] } }[] } };
    expect(query.bool.filter).toEqual([
      { terms: { classification: ['restricted', 'confidential', 'secret'] } },
      {
        range: {
          detectedAt: { gte: '2026-01-01T00:00:00.000Z', lt: '2026-02-01T00:00:00.000Z' },
        },
      },
      { term: { office: 'FRA-CDG' } },
      { prefix: { hsCodes: '1211' } },
      { terms: { subjectKeys: ['person:p1', 'company:p1'] } },
      { term: { subjectKeys: 'conveyance:v1' } },
    ]);
    expect(query.bool.must[0]!.multi_match).toMatchObject({
      query: 'cocaïne',
      type: 'cross_fields',
      operator: 'and',
    });
    expect(query.bool.must[0]!.multi_match.fields).toEqual(
      expect.arrayContaining(['narrative', 'narrative.ar', 'itemDescriptions.ru', 'places.fr']),
    );
  });

  it('pages by the sort key then the id, undated cases sorted as -1', () => {
    const byDate: CaseOrder = { field: 'detectedAt', direction: 'desc' };
    expect(caseSearchSort(byDate)).toEqual([
      { detectedOrder: { order: 'desc' } },
      { id: { order: 'asc' } },
    ]);
    const dated = positionOfHit(byDate, [1767225600000, 'c1']);
    expect(dated).toEqual({ value: new Date(1767225600000), id: 'c1' });
    expect(searchAfter(byDate, dated)).toEqual([1767225600000, 'c1']);
    const undated = positionOfHit(byDate, [-1, 'c2']);
    expect(undated).toEqual({ value: null, id: 'c2' });
    expect(searchAfter(byDate, undated)).toEqual([-1, 'c2']);
    const byNumber: CaseOrder = { field: 'number', direction: 'asc' };
    expect(searchAfter(byNumber, positionOfHit(byNumber, ['FRACDG-2026-000001', 'c3']))).toEqual([
      'FRACDG-2026-000001',
      'c3',
    ]);
  });
});
