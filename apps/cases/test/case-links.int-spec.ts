import { randomBytes } from 'node:crypto';

import {
  CASE_SEARCHABLE_WITHIN_MS,
  type Case,
  type CaseDraftInput,
  type Principal,
  createCase,
  getCaseLinks,
  searchCases,
} from '@opencen/contracts';

import { eventually } from '@opencen/testing';

import { type CasesService, startCasesService } from './support/cases-service';

/**
 * The links view against real NATS, FerretDB and OpenSearch: cases created through the service,
 * then the network of a person read from the cases index, hop by hop, within the reader's scope.
 */
const suffix = randomBytes(3).toString('hex');
const officer: Principal = {
  sub: `it-o-${suffix}`,
  username: 'o',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const lehOfficer: Principal = { ...officer, sub: `it-o2-${suffix}`, office: 'FRA-LEH' };
const analyst: Principal = { sub: `it-a-${suffix}`, username: 'a', roles: ['analyst'] };
const alice = `alice-${suffix}`;
const bruno = `bruno-${suffix}`;
const carla = `carla-${suffix}`;
const dmitri = `dmitri-${suffix}`;
const acme = `acme-${suffix}`;
const ship = `ship-${suffix}`;

const seizure = (
  day: string,
  parties: [string, 'person' | 'company'][],
  conveyanceId?: string,
  office = 'FRA-CDG',
): CaseDraftInput => ({
  type: 'seizure',
  detectedAt: `2026-03-${day}T10:00:00Z`,
  location: { office },
  parties: parties.map(([subjectId, subjectType]) => ({
    subjectType,
    subjectId,
    role: 'suspect',
  })),
  ...(conveyanceId ? { conveyance: { conveyanceId } } : {}),
});

// alice — case 0 — bruno, acme; bruno — case 1 — ship; ship — case 2 — carla (three hops from
// alice); alice — case 3 (Le Havre) — dmitri.
const seeds: [Principal, CaseDraftInput][] = [
  [
    officer,
    seizure('01', [
      [alice, 'person'],
      [bruno, 'person'],
      [acme, 'company'],
    ]),
  ],
  [officer, seizure('02', [[bruno, 'person']], ship)],
  [officer, seizure('03', [[carla, 'person']], ship)],
  [
    lehOfficer,
    seizure(
      '04',
      [
        [alice, 'person'],
        [dmitri, 'person'],
      ],
      undefined,
      'FRA-LEH',
    ),
  ],
];

describe('the links of a subject over NATS, from the cases index', () => {
  let service: CasesService;
  const created: Case[] = [];

  beforeAll(async () => {
    service = await startCasesService(__filename, {
      knownSubjects: [alice, bruno, carla, dmitri, acme, ship],
    });
    for (const [by, draft] of seeds) {
      created.push(await service.send(createCase, { draft }, by));
    }
    await eventually(
      async () => {
        const found = await service.send(searchCases, { conveyanceId: ship }, analyst);
        const alices = await service.send(searchCases, { partyId: alice }, analyst);
        if (found.total !== 2 || alices.total !== 2) throw new Error('not all indexed yet');
      },
      CASE_SEARCHABLE_WITHIN_MS,
      'every case searchable',
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  const links = (by: Principal, depth: number, casesPerHop = 25) =>
    service.send(
      getCaseLinks,
      { subject: { subjectType: 'person', subjectId: alice }, depth, casesPerHop },
      by,
    );
  const subjects = (reply: Awaited<ReturnType<typeof links>>) =>
    Object.fromEntries(reply.subjects.map((s) => [`${s.subjectType}:${s.subjectId}`, s.hop]));

  it("brings the subject's cases and their subjects, then the second hop, within the office", async () => {
    const one = await links(officer, 1);
    expect(one.cases.map((c) => [c.id, c.hop])).toEqual([[created[0]!.id, 1]]);
    expect(subjects(one)).toEqual({
      [`person:${alice}`]: 0,
      [`person:${bruno}`]: 1,
      [`company:${acme}`]: 1,
    });

    const two = await links(officer, 2);
    expect(two.cases.map((c) => [c.number, c.hop])).toEqual([
      [created[0]!.number, 1],
      [created[1]!.number, 2],
    ]);
    expect(subjects(two)).toEqual({
      [`person:${alice}`]: 0,
      [`person:${bruno}`]: 1,
      [`company:${acme}`]: 1,
      [`conveyance:${ship}`]: 2,
    });
    expect(two.links).toContainEqual({
      caseId: created[1]!.id,
      subjectType: 'conveyance',
      subjectId: ship,
    });
    // Carla is three hops out; dmitri's case is of another office.
    expect(JSON.stringify(two)).not.toContain(carla);
    expect(JSON.stringify(two)).not.toContain(dmitri);
    expect(two.truncated).toBe(false);
  });

  it('reads every office for an analyst, and says when a hop was cut short', async () => {
    const wide = await links(analyst, 1);
    expect(wide.cases.map((c) => c.id)).toEqual([created[3]!.id, created[0]!.id]);
    expect(subjects(wide)[`person:${dmitri}`]).toBe(1);

    const cut = await links(analyst, 1, 1);
    // The most recently detected first.
    expect(cut.cases.map((c) => c.id)).toEqual([created[3]!.id]);
    expect(cut.truncated).toBe(true);
  });

  it('refuses a principal who reads no case', async () => {
    const admin: Principal = { sub: `it-ad-${suffix}`, username: 'ad', roles: ['admin'] };
    await expect(links(admin, 1)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
