import { randomBytes } from 'node:crypto';
import {
  type Principal,
  companyCreated,
  companyUpdated,
  conveyanceCreated,
  createCompany,
  createConveyance,
  getCompany,
  searchCompanies,
  searchConveyances,
  updateCompany,
  updateConveyance,
} from '@opencen/contracts';
import { storedEvents } from '@opencen/testing';
import { type NatsConnection } from 'nats';

import { type PersonsService, startPersonsService } from './support/persons-service';
import { searchable } from './support/searchable';

/**
 * Companies and conveyances: the service in process against real NATS, FerretDB and OpenSearch,
 * driven only through its request contracts. Candidates and searches read the search indexes: a
 * step that finds what the one before wrote waits for it (PERSONS_SEARCHABLE_WITHIN_MS). Like persons.int-spec.ts, it answers the real `persons.*`
 * subjects in the queue group `persons` (run in band), and plays the reference-data service with
 * a responder on `reference.entry.validate` that knows a few countries.
 */

const suffix = randomBytes(3).toString('hex').toUpperCase();
const officer1: Principal = {
  sub: `it-officer1-${suffix}`,
  username: 'officer1',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const officer2: Principal = {
  sub: `it-officer2-${suffix}`,
  username: 'officer2',
  roles: ['officer'],
  office: 'FRA-ORY',
};
const analyst: Principal = { sub: `it-analyst-${suffix}`, username: 'analyst', roles: ['analyst'] };

/** A valid IMO number of this run (the database is this run's own; the stream is not). */
function imoNumber(): string {
  const digits = String(100000 + (parseInt(suffix, 16) % 900000));
  let sum = 0;
  for (let i = 0; i < 6; i += 1) sum += Number(digits[i]) * (7 - i);
  return `${digits}${sum % 10}`;
}

interface StoredEvent {
  id: string;
  type: string;
  data: { companyId?: string; conveyanceId?: string; version: number };
}

describe('companies and conveyances over NATS', () => {
  let service: PersonsService;
  let send: PersonsService['send'];
  let nats: NatsConnection;
  let companyId: string;
  let vesselId: string;
  const vat = `FR${suffix}123`;

  beforeAll(async () => {
    service = await startPersonsService(__filename, { knownCountries: ['FR', 'DE', 'MT', 'PA'] });
    ({ send, nats } = service);
  });

  afterAll(async () => {
    await service?.close();
  });

  /** The events about a record in the stream; other runs leave theirs there too. */
  async function publishedEvents(
    filter: string,
    id: string,
    expected: number,
  ): Promise<StoredEvent[]> {
    const read = async () =>
      (await storedEvents<StoredEvent>(nats, filter)).filter(
        (event) => event.data?.companyId === id || event.data?.conveyanceId === id,
      );
    const deadline = Date.now() + 10_000;
    let events = await read();
    while (events.length < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      events = await read();
    }
    return events;
  }

  it('creates a company, and returns it as a candidate for its VAT number spaced differently, storing nothing', async () => {
    const created = await send(
      createCompany,
      { draft: { names: [{ name: `Acme ${suffix} SARL` }], country: 'FR', vatNumber: vat } },
      officer1,
    );
    expect(created).toMatchObject({
      outcome: 'created',
      company: { version: 1, office: 'FRA-CDG' },
    });
    if (created.outcome !== 'created') throw new Error('expected a creation');
    companyId = created.company.id;
    const byNumber = await searchable(
      () => send(searchCompanies, { number: vat }, analyst),
      (page) => page.items.length > 0,
    );
    expect(byNumber.items.map((company) => company.id)).toEqual([companyId]);

    const spaced = `${vat.slice(0, 2).toLowerCase()} ${vat.slice(2, 5)}-${vat.slice(5)}`;
    const again = await send(
      createCompany,
      { draft: { names: [{ name: 'Another name' }], country: 'FR', vatNumber: spaced } },
      officer1,
    );
    expect(again).toEqual({
      outcome: 'candidates',
      candidates: [
        expect.objectContaining({
          strength: 'strong',
          company: expect.objectContaining({ id: companyId }),
          reasons: [`VAT number equal after normalisation: ${spaced} = ${vat}`],
        }),
      ],
    });
    const byName = await send(searchCompanies, { name: `acme ${suffix}` }, analyst);
    expect(byName.items.map((company) => company.id)).toEqual([companyId]);
  });

  it('updates a company from its version; refuses a stale version and an officer of another office', async () => {
    const draft = {
      names: [{ name: `Acme ${suffix} SARL` }],
      country: 'FR',
      vatNumber: vat,
      activity: 'freight forwarding',
    };
    await expect(
      send(updateCompany, { id: companyId, version: 1, draft }, officer2),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      send(updateCompany, { id: companyId, version: 1, draft }, officer1),
    ).resolves.toMatchObject({ version: 2, activity: 'freight forwarding' });
    await expect(
      send(
        updateCompany,
        { id: companyId, version: 1, draft: { ...draft, activity: 'x' } },
        officer1,
      ),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version' })],
    });
    await expect(send(getCompany, { id: companyId }, analyst)).resolves.toMatchObject({
      version: 2,
    });
  });

  it('publishes the company events once each, without names or numbers', async () => {
    const events = await publishedEvents('events.persons.company.>', companyId, 2);
    expect(events.map((event) => [event.type, event.data.version])).toEqual([
      [companyCreated.type, 1],
      [companyUpdated.type, 2],
    ]);
    expect(JSON.stringify(events)).not.toContain(vat);
  });

  it('refuses a container number with a wrong check digit, naming the field', async () => {
    await expect(
      send(
        createConveyance,
        { draft: { type: 'container', containerNumber: 'CSQU 305438 4' }, confirmedNew: true },
        officer1,
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        expect.objectContaining({
          path: 'draft.containerNumber',
          reason: expect.stringContaining('check digit should be 3'),
        }),
      ],
    });
    await service.everythingIndexed();
    const found = await send(searchConveyances, { containerNumber: 'CSQU3054384' }, analyst);
    expect(found.items).toEqual([]);
  });

  it('creates a vessel by IMO number and finds it by search; an officer of another office cannot update it', async () => {
    const imo = imoNumber();
    const created = await send(
      createConveyance,
      { draft: { type: 'vessel', imoNumber: `IMO ${imo}`, flag: 'MT', make: 'Hyundai' } },
      officer1,
    );
    expect(created).toMatchObject({
      outcome: 'created',
      conveyance: { type: 'vessel', version: 1 },
    });
    if (created.outcome !== 'created') throw new Error('expected a creation');
    vesselId = created.conveyance.id;

    // Found by its IMO number written without the prefix.
    const found = await searchable(
      () => send(searchConveyances, { imoNumber: imo }, analyst),
      (page) => page.items.length > 0,
    );
    expect(found.items.map((conveyance) => conveyance.id)).toEqual([vesselId]);
    const duplicate = await send(
      createConveyance,
      { draft: { type: 'vessel', imoNumber: imo } },
      officer1,
    );
    expect(duplicate).toMatchObject({
      outcome: 'candidates',
      candidates: [{ strength: 'strong', conveyance: { id: vesselId } }],
    });

    const draft = { type: 'vessel' as const, imoNumber: imo, flag: 'PA' };
    await expect(
      send(updateConveyance, { id: vesselId, version: 1, draft }, officer2),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      send(updateConveyance, { id: vesselId, version: 1, draft }, officer1),
    ).resolves.toMatchObject({ version: 2, flag: 'PA' });
    await expect(
      send(updateConveyance, { id: vesselId, version: 1, draft }, officer1),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('publishes the vessel creation exactly once', async () => {
    const events = await publishedEvents('events.persons.conveyance.>', vesselId, 2);
    expect(events.filter((event) => event.type === conveyanceCreated.type)).toHaveLength(1);
    expect(events).toHaveLength(2);
  });
});
