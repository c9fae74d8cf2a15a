import { randomBytes } from 'node:crypto';
import {
  type Alert,
  CASE_SEARCHABLE_WITHIN_MS,
  PERSONS_SEARCHABLE_WITHIN_MS,
  type Case,
  type ExchangeCase,
  type Person,
  type ReplyOf,
  type caseStatistics,
  type searchCases,
} from '@opencen/contracts';
import { type DemoUser, eventually } from '@opencen/testing';
import { PURPOSE, type ProblemBody, api, gatewayUrl, tokenOf } from './support/gateway';

// Classification against clearance, through the gateway with real Keycloak tokens: the demo
// officer is cleared for restricted records, the supervisor of the same office for confidential
// ones too. A confidential case, person and alert are invisible to the officer (get, search,
// count, export, match) and visible to the supervisor.

const marker = `zc${randomBytes(4).toString('hex')}`;
/** A route country no other e2e test uses, so that an export holds only this file's cases. */
const ROUTE_COUNTRY = 'MT';

const seizure = (classification: 'restricted' | 'confidential') => ({
  type: 'seizure',
  detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
  location: { office: 'FRA-CDG', placeType: 'airport', country: 'FR' },
  procedure: 'passenger',
  detectionMethods: ['XRAY_SCANNER'],
  transportMode: 'AIR',
  items: [{ commodityCategory: 'DRUGS', hsCode: '293979', quantity: 1, unit: 'KGM' }],
  route: { departureCountry: 'BR', transitCountries: [ROUTE_COUNTRY], destinationCountry: 'FR' },
  narrative: `${marker} ${classification} seizure`,
  classification,
});

const searchIds = async (as: DemoUser) => {
  const reply = await api<ReplyOf<typeof searchCases>>(
    `/api/v1/cases?${new URLSearchParams({ text: marker })}`,
    { as },
  );
  expect(reply.status).toBe(200);
  return reply.body.items.map((item) => item.id).sort();
};

const casesCounted = async (as: DemoUser) => {
  const reply = await api<ReplyOf<typeof caseStatistics>>(
    `/api/v1/cases/statistics?${new URLSearchParams({ text: marker })}`,
    { as },
  );
  expect(reply.status).toBe(200);
  return reply.body.cases;
};

const exportedNumbers = async (as: DemoUser) => {
  const response = await fetch(`${gatewayUrl()}/api/v1/cases/exports`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await tokenOf(as)}`,
      'content-type': 'application/json',
      ...PURPOSE,
    },
    body: JSON.stringify({ format: 'json', filter: { routeCountry: ROUTE_COUNTRY } }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as ExchangeCase[]).map((c) => c.caseNumber).sort();
};

describe('classification and clearance through the gateway', () => {
  const cases: Record<'restricted' | 'confidential', Case> = {} as never;

  beforeAll(async () => {
    for (const classification of ['restricted', 'confidential'] as const) {
      let kase = (
        await api<Case>('/api/v1/cases', {
          method: 'POST',
          as: 'supervisor',
          body: { draft: seizure(classification) },
        })
      ).body;
      expect(kase.classification).toBe(classification);
      for (const transition of ['submit', 'validate']) {
        const reply = await api<Case>(`/api/v1/cases/${kase.id}/${transition}`, {
          method: 'POST',
          as: 'supervisor',
          headers: { 'if-match': `"${kase.version}"` },
        });
        expect([transition, reply.status]).toEqual([transition, 200]);
        kase = reply.body;
      }
      cases[classification] = kase;
    }
    const both = [cases.restricted.id, cases.confidential.id].sort();
    await eventually(
      async () => expect(await searchIds('supervisor')).toEqual(both),
      CASE_SEARCHABLE_WITHIN_MS,
      'both cases searchable',
    );
  });

  it('a confidential case is not found by a restricted officer of its office, and read by the supervisor', async () => {
    const officerReads = await api<ProblemBody>(`/api/v1/cases/${cases.confidential.id}`, {
      as: 'officer',
    });
    expect(officerReads.status).toBe(404);
    const byNumber = await api<ProblemBody>(`/api/v1/cases/${cases.confidential.number}`, {
      as: 'officer',
    });
    expect(byNumber.status).toBe(404);
    expect((await api(`/api/v1/cases/${cases.restricted.id}`, { as: 'officer' })).status).toBe(200);
    const supervisorReads = await api<Case>(`/api/v1/cases/${cases.confidential.id}`, {
      as: 'supervisor',
    });
    expect(supervisorReads.status).toBe(200);
    expect(supervisorReads.body.classification).toBe('confidential');
  });

  it('is neither a search hit nor counted for the officer, and is both for the supervisor', async () => {
    expect(await searchIds('officer')).toEqual([cases.restricted.id]);
    expect(await casesCounted('officer')).toBe(1);
    expect(await casesCounted('supervisor')).toBe(2);
  });

  it('is exported to the supervisor, never to a restricted liaison officer', async () => {
    expect(await exportedNumbers('liaison')).toEqual([cases.restricted.number]);
    expect(await exportedNumbers('supervisor')).toEqual(
      [cases.restricted.number, cases.confidential.number].sort(),
    );
  });

  it('cannot be recorded by an officer without the clearance: 400 naming the field', async () => {
    const refused = await api<ProblemBody>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: { draft: seizure('confidential') },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        path: 'draft.classification',
        reason: expect.stringMatching(/clearance/),
      }),
    ]);
  });

  it('a confidential person is not found, listed or matched for the officer, and is for the supervisor', async () => {
    const familyName = `Clearwater${marker}`;
    const created = await api<{ person: Person }>('/api/v1/persons', {
      method: 'POST',
      as: 'supervisor',
      body: {
        draft: { familyName, givenNames: 'Odile', classification: 'confidential' },
        confirmedNew: true,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.person.id;
    expect((await api(`/api/v1/persons/${id}`, { as: 'officer' })).status).toBe(404);
    expect((await api(`/api/v1/persons/${id}`, { as: 'supervisor' })).status).toBe(200);
    const listed = async (as: DemoUser) =>
      (
        await api<{ items: Person[] }>(
          `/api/v1/persons?${new URLSearchParams({ name: familyName })}`,
          { as, headers: PURPOSE },
        )
      ).body.items.map((person) => person.id);
    await eventually(
      async () => expect(await listed('supervisor')).toEqual([id]),
      PERSONS_SEARCHABLE_WITHIN_MS,
      'the person searchable',
    );
    expect(await listed('officer')).toEqual([]);
    const matched = await api<{ candidates: { person: Person }[] }>('/api/v1/persons/match', {
      method: 'POST',
      as: 'officer',
      headers: PURPOSE,
      body: { draft: { familyName, givenNames: 'Odile' } },
    });
    expect(matched.status).toBe(200);
    expect(matched.body.candidates.map((c) => c.person.id)).not.toContain(id);

    // An alert on it says that the person exists and why they matter: the same rule.
    const alert = await api<Alert>('/api/v1/alerts', {
      method: 'POST',
      as: 'supervisor',
      body: {
        subject: { subjectType: 'person', subjectId: id },
        draft: {
          reason: 'Courier of a confidential operation',
          category: 'smuggling-suspect',
          validFrom: '2026-01-01',
          validTo: '2099-12-31',
          handlingInstruction: 'Notify the supervisor',
        },
      },
    });
    expect([alert.status, alert.body]).toEqual([
      201,
      expect.objectContaining({ status: 'active' }),
    ]);
    const alertPath = `/api/v1/alerts/${alert.body.id}`;
    expect((await api(alertPath, { as: 'analyst' })).status).toBe(200);
    expect((await api(alertPath, { as: 'officer' })).status).toBe(404);
    const onPerson = `/api/v1/alerts?subjectType=person&subjectId=${id}`;
    expect((await api<{ items: Alert[] }>(onPerson, { as: 'officer' })).body.items).toEqual([]);
    expect(
      (await api<{ items: Alert[] }>(onPerson, { as: 'supervisor' })).body.items.map((a) => a.id),
    ).toEqual([alert.body.id]);
  });
});
