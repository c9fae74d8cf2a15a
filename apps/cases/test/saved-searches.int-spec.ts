import { randomBytes } from 'node:crypto';

import {
  CASE_SEARCHABLE_WITHIN_MS,
  type Case,
  type Principal,
  createCase,
  matchSavedCaseSearches,
  searchCases,
} from '@opencen/contracts';
import { eventually } from '@opencen/testing';

import { type CasesService, startCasesService } from './support/cases-service';

/**
 * `cases.saved-search.match` against real NATS, FerretDB and OpenSearch: the saved searches of
 * several owners tried on one case in one request, each within what its owner may read (office,
 * clearance), each restricted to that case.
 */
const suffix = randomBytes(3).toString('hex');
const cdgOfficer: Principal = {
  sub: `it-o-${suffix}`,
  username: 'o',
  roles: ['officer'],
  office: 'FRA-CDG',
};
// Records the cases, a secret one among them.
const cdgWriter: Principal = { ...cdgOfficer, sub: `it-w-${suffix}`, clearance: 'secret' };
const lehOfficer: Principal = { ...cdgOfficer, sub: `it-o2-${suffix}`, office: 'FRA-LEH' };
const analyst: Principal = { sub: `it-a-${suffix}`, username: 'a', roles: ['analyst'] };
const clearedAnalyst: Principal = { ...analyst, sub: `it-a2-${suffix}`, clearance: 'secret' };

describe('saved case searches matched against one case', () => {
  let service: CasesService;
  let tobacco: Case;
  let secret: Case;
  let other: Case;

  beforeAll(async () => {
    service = await startCasesService(__filename, { knownSubjects: [] });
    const draft = (narrative: string) => ({
      type: 'seizure' as const,
      location: { office: 'FRA-CDG' },
      narrative,
      items: [
        {
          commodityCategory: 'TOBACCO',
          description: 'Cigarettes',
          quantity: 100,
          unit: 'PCE',
        },
      ],
    });
    tobacco = await service.send(createCase, { draft: draft('Trailer cavity') }, cdgWriter);
    secret = await service.send(
      createCase,
      { draft: { ...draft('Trailer cavity'), classification: 'secret' } },
      cdgWriter,
    );
    other = await service.send(createCase, { draft: draft('Suitcase') }, cdgWriter);
    await eventually(
      async () => {
        const found = await service.send(searchCases, { limit: 10 }, clearedAnalyst);
        if (found.total < 3) throw new Error(`${found.total} of 3 cases searchable`);
      },
      CASE_SEARCHABLE_WITHIN_MS,
      'the cases searchable',
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  const match = (caseId: string) =>
    service.send(matchSavedCaseSearches, {
      caseId,
      searches: [
        { id: 'cdg-tobacco', filter: { commodityCategory: 'TOBACCO' }, principal: cdgOfficer },
        { id: 'leh-tobacco', filter: { commodityCategory: 'TOBACCO' }, principal: lehOfficer },
        { id: 'analyst-trailer', filter: { text: 'trailer' }, principal: analyst },
        { id: 'cleared-trailer', filter: { text: 'trailer' }, principal: clearedAnalyst },
        { id: 'analyst-drugs', filter: { commodityCategory: 'DRUGS' }, principal: analyst },
      ],
    });

  it("finds a case for the searches whose filter it matches, within each owner's read scope", async () => {
    const reply = await match(tobacco.id);
    expect(reply.matching.sort()).toEqual(['analyst-trailer', 'cdg-tobacco', 'cleared-trailer']);
    expect(reply.number).toBe(tobacco.number);
  });

  it("never finds a case above an owner's clearance", async () => {
    const reply = await match(secret.id);
    // The officers and the analyst have the default clearance (restricted).
    expect(reply.matching).toEqual(['cleared-trailer']);
  });

  it('restricts each search to the case asked about', async () => {
    const reply = await match(other.id);
    expect(reply.matching.sort()).toEqual(['cdg-tobacco']);
  });

  it("refuses a user's request: services only", async () => {
    await expect(
      service.send(
        matchSavedCaseSearches,
        {
          caseId: tobacco.id,
          searches: [{ id: 'x', filter: {}, principal: cdgOfficer }],
        },
        cdgOfficer,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses an unknown filter field, naming it', async () => {
    await expect(
      service.send(matchSavedCaseSearches, {
        caseId: tobacco.id,
        searches: [{ id: 'x', filter: { colour: 'red' } as never, principal: cdgOfficer }],
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'searches.0.filter.colour' })],
    });
  });
});
