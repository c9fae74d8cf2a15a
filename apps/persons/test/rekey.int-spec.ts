import { randomBytes } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import {
  type Principal,
  createCompany,
  createConveyance,
  createPerson,
  getPerson,
  matchPersons,
  searchConveyances,
} from '@opencen/contracts';
import { type Connection, createConnection } from 'mongoose';

import { MongoRekeyStore } from '../src/office-records/infrastructure/rekey.store';
import { type RekeyProgress, rekeyRecords } from '../src/office-records/usecases/rekey-records';
import { RECORD_KINDS } from '../src/record-kinds';
import { type PersonsService, startPersonsService } from './support/persons-service';
import { reindex } from './support/reindex';

/**
 * The re-key command's work against real FerretDB: records whose stored keys were computed by
 * older rules (written here directly into the store, then indexed as the reindex command indexes
 * them) are missed as candidates until a re-key and a reindex, and found again after them, with
 * their versions untouched. The service runs in process (real NATS and OpenSearch) to ask for
 * candidates the way officers do; the commands' work runs with connections of its own, as the
 * commands do. Run in band like the other files.
 */

const suffix = randomBytes(3).toString('hex').toUpperCase();
const officer: Principal = {
  sub: `it-officer-${suffix}`,
  username: 'officer1',
  roles: ['officer'],
  office: 'FRA-CDG',
};

describe('re-keying persons, companies and conveyances', () => {
  let service: PersonsService;
  let send: PersonsService['send'];
  let connection: Connection;
  /** The command's own connection: it pages through whole collections, which the service never does. */
  let command: Connection;

  beforeAll(async () => {
    service = await startPersonsService(__filename, { knownCountries: ['FR', 'RU'] });
    ({ send } = service);
    connection = service.app.get<Connection>(getConnectionToken());
    command = await createConnection(service.env.MONGO_URL, {
      dbName: service.env.MONGO_DB,
    }).asPromise();
  });
  afterAll(async () => {
    await command?.close();
    await service?.close();
  });

  /** Overwrites stored derived fields, as records written under older matching rules have them. */
  async function makeStale(collection: string, id: string, fields: Record<string, unknown>) {
    const result = await connection
      .collection<{ _id: string }>(collection)
      .updateOne({ _id: id }, { $set: fields });
    expect(result.matchedCount).toBe(1);
  }

  it('finds candidates again once stale keys are recomputed and reindexed, without a new version', async () => {
    const personDraft = {
      familyName: 'Смирнов',
      givenNames: 'Алексей',
      dateOfBirth: '1979-02-14',
      nationalities: ['RU'],
      documents: [{ type: 'passport' as const, number: `72 ${suffix}`, issuingCountry: 'RU' }],
    };
    const createdPerson = await send(createPerson, { draft: personDraft }, officer);
    if (createdPerson.outcome !== 'created') throw new Error('expected a creation');
    const person = createdPerson.person;
    const companyDraft = {
      names: [{ name: `Rekey Logistics ${suffix}` }],
      country: 'FR',
      vatNumber: `FR 55 ${suffix}`,
    };
    const createdCompany = await send(createCompany, { draft: companyDraft }, officer);
    if (createdCompany.outcome !== 'created') throw new Error('expected a creation');
    const imo = '9074729';
    const createdVessel = await send(
      createConveyance,
      { draft: { type: 'vessel', imoNumber: `IMO ${imo}` } },
      officer,
    );
    if (createdVessel.outcome !== 'created') throw new Error('expected a creation');

    // The relay clears the outbox of each new record; on FerretDB that write could put back the
    // keys overwritten below (it writes the whole document), so it goes first; and the records are
    // indexed with their keys of today before those are made stale.
    await service.everythingIndexed();
    await makeStale('persons', person.id, {
      blockingKeys: ['np:OLDRULE+KEY'],
      nameKeys: ['OLDRULE'],
      documentNumbers: [],
      latinNames: [],
    });
    await makeStale('companies', createdCompany.company.id, {
      matchKeys: ['num:FR:OLD'],
      numbers: [],
      nameKeys: [],
    });
    await makeStale('conveyances', createdVessel.conveyance.id, { identifierKeys: ['imo:OLD'] });
    // The indexes as they were when those keys were the rules': rebuilt from the store.
    await reindex(service.env);

    // The same person in Latin script with a year-only birth date, as the next officer enters it.
    const latinDraft = {
      familyName: 'Smirnov',
      givenNames: 'Aleksei',
      dateOfBirth: '1979',
      nationalities: ['RU'],
    };
    const before = await send(matchPersons, { draft: latinDraft }, officer);
    expect(before.candidates).toEqual([]);
    const vesselBefore = await send(searchConveyances, { imoNumber: imo }, officer);
    expect(vesselBefore.items).toEqual([]);
    const companyBefore = await send(
      createCompany,
      { draft: { ...companyDraft, names: [{ name: 'Other name' }] }, confirmedNew: false },
      officer,
    );
    // Not proposed: stored, which an officer would not have wanted.
    expect(companyBefore.outcome).toBe('created');

    const progress: RekeyProgress[] = [];
    const totals = await rekeyRecords(new MongoRekeyStore(command, RECORD_KINDS), RECORD_KINDS, {
      pageSize: 1,
      onPage: (p) => progress.push(p),
    });
    // The company stored before the re-key (keys by today's rules) is read and left alone.
    expect(totals.person).toMatchObject({ read: 1, rekeyed: 1, unreadable: 0 });
    expect(totals.company).toMatchObject({ read: 2, rekeyed: 1, unchanged: 1 });
    expect(totals.conveyance).toMatchObject({ read: 1, rekeyed: 1 });
    expect(progress.map((p) => p.kind)).toEqual(['person', 'company', 'company', 'conveyance']);
    expect(progress[0]).toMatchObject({ lastId: person.id });
    // The versions did not move, so no event reindexes the records: the reindex command does.
    await reindex(service.env);

    const after = await send(matchPersons, { draft: latinDraft }, officer);
    expect(after.candidates.map((c) => c.person.id)).toEqual([person.id]);
    const companyAfter = await send(
      createCompany,
      { draft: { ...companyDraft, names: [{ name: 'Third name' }] } },
      officer,
    );
    expect(companyAfter.outcome).toBe('candidates');
    expect(companyAfter.candidates.map((c) => c.company.id)).toContain(createdCompany.company.id);
    const vesselAfter = await send(
      createConveyance,
      { draft: { type: 'vessel', imoNumber: imo } },
      officer,
    );
    expect(vesselAfter.outcome).toBe('candidates');

    const read = await send(getPerson, { id: person.id }, officer);
    expect(read).toMatchObject({ version: person.version, latinNames: ['SMIRNOV ALEKSEI'] });
    const history = await connection
      .collection<{ _id: string; history: unknown[]; outbox?: unknown[] }>('persons')
      .findOne({ _id: person.id }, { projection: { history: 1 } });
    expect(history?.history).toHaveLength(1);

    // A second run finds nothing left to do.
    const again = await rekeyRecords(new MongoRekeyStore(command, RECORD_KINDS), RECORD_KINDS);
    expect(again.person).toMatchObject({ read: 1, rekeyed: 0, unchanged: 1 });
    expect(again.conveyance).toMatchObject({ read: 1, rekeyed: 0, unchanged: 1 });
  }, 60_000);
});
