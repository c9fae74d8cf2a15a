import { type SubjectType } from '@opencen/contracts';

import { aCompany, aCompanyDraft } from '../../companies/testing/companies.fixtures';
import { aConveyance, aConveyanceDraft } from '../../conveyances/testing/conveyances.fixtures';
import { aPerson, ivanovInCyrillic } from '../../persons/testing/persons.fixtures';
import { RECORD_KINDS } from '../../record-kinds';
import { type DerivedFields } from '../domain/record-kind';
import { type RekeyProgress, RekeyStore, type StoredForRekey, rekeyRecords } from './rekey-records';

interface Row {
  id: string;
  version: number;
  record: unknown;
  stored: Record<string, unknown>;
  unreadable?: true;
}

/** The three collections in memory, pages in id order like the real store. */
class InMemoryRekeyStore extends RekeyStore {
  readonly rows: Record<SubjectType, Row[]> = { person: [], company: [], conveyance: [] };
  readonly pagesAsked: { kind: SubjectType; after?: string }[] = [];
  /** Ids edited by someone else between the read and the write. */
  readonly editedMeanwhile = new Set<string>();

  add(kind: SubjectType, row: Row): void {
    this.rows[kind].push(row);
    this.rows[kind].sort((a, b) => a.id.localeCompare(b.id));
  }

  async page(kind: SubjectType, after: string | undefined, limit: number) {
    this.pagesAsked.push({ kind, after });
    return this.rows[kind]
      .filter((row) => after === undefined || row.id > after)
      .slice(0, limit)
      .map((row): StoredForRekey =>
        row.unreadable ? { id: row.id, unreadable: true } : { ...row, stored: { ...row.stored } },
      );
  }

  async writeDerived(kind: SubjectType, id: string, version: number, derived: DerivedFields) {
    const row = this.rows[kind].find((r) => r.id === id)!;
    if (this.editedMeanwhile.has(id) || row.version !== version) return false;
    row.stored = { ...row.stored, ...derived };
    return true;
  }
}

const person = (id: string) => aPerson(ivanovInCyrillic, { id });

describe('rekeyRecords', () => {
  it('rewrites stale keys of every kind, leaves current ones and the version alone', async () => {
    const store = new InMemoryRekeyStore();
    const stale = person('p-1');
    store.add('person', {
      id: 'p-1',
      version: 4,
      record: stale,
      stored: { blockingKeys: ['np:OLD+KEY'], nameKeys: [], documentNumbers: [], latinNames: [] },
    });
    const current = person('p-2');
    store.add('person', {
      id: 'p-2',
      version: 1,
      record: current,
      stored: { ...RECORD_KINDS.person.keysOf(current) },
    });
    const company = aCompany(aCompanyDraft({ vatNumber: 'FR 12 345678901' }), { id: 'c-1' });
    store.add('company', { id: 'c-1', version: 2, record: company, stored: { matchKeys: [] } });
    const vessel = aConveyance(aConveyanceDraft({ type: 'vessel', imoNumber: 'IMO 9074729' }), {
      id: 'v-1',
    });
    store.add('conveyance', { id: 'v-1', version: 1, record: vessel, stored: {} });

    const totals = await rekeyRecords(store, RECORD_KINDS);

    expect(totals.person).toMatchObject({ read: 2, rekeyed: 1, unchanged: 1 });
    expect(totals.company).toMatchObject({ read: 1, rekeyed: 1 });
    expect(totals.conveyance).toMatchObject({ read: 1, rekeyed: 1 });
    const [rekeyed] = store.rows.person;
    expect(rekeyed!.stored.blockingKeys).toEqual(RECORD_KINDS.person.keysOf(stale).blockingKeys);
    expect(rekeyed!.stored.blockingKeys).toContain('doc:751234567');
    expect(rekeyed!.stored.latinNames).toEqual(['IVANOV IVAN']);
    expect(rekeyed!.version).toBe(4);
    expect(store.rows.company[0]!.stored.matchKeys).toContain('num:FR:FR12345678901');
    expect(store.rows.conveyance[0]!.stored.identifierKeys).toEqual(['imo:9074729']);
  });

  it('pages by id, reports progress with the last id and rate, and resumes after an id', async () => {
    const store = new InMemoryRekeyStore();
    for (const id of ['p-1', 'p-2', 'p-3', 'p-4', 'p-5']) {
      store.add('person', { id, version: 1, record: person(id), stored: {} });
    }
    store.add('company', {
      id: 'c-1',
      version: 1,
      record: aCompany(aCompanyDraft({}), { id: 'c-1' }),
      stored: {},
    });
    const progress: RekeyProgress[] = [];
    let clock = 0;
    const totals = await rekeyRecords(store, RECORD_KINDS, {
      kind: 'person',
      after: 'p-1',
      pageSize: 2,
      onPage: (p) => progress.push(p),
      now: () => (clock += 500),
    });

    expect(store.pagesAsked).toEqual([
      { kind: 'person', after: 'p-1' },
      { kind: 'person', after: 'p-3' },
      { kind: 'person', after: 'p-5' },
      { kind: 'company', after: undefined },
      { kind: 'conveyance', after: undefined },
    ]);
    expect(progress.map((p) => [p.kind, p.lastId, p.counts.read])).toEqual([
      ['person', 'p-3', 2],
      ['person', 'p-5', 4],
      ['company', 'c-1', 1],
    ]);
    // 2 records read 0.5 s after the start.
    expect(progress[0]!.perSecond).toBe(4);
    expect(totals.person.rekeyed).toBe(4);
    expect(store.rows.person[0]!.stored).toEqual({});
  });

  it('starts at a later kind and leaves the earlier kinds unread', async () => {
    const store = new InMemoryRekeyStore();
    store.add('person', { id: 'p-1', version: 1, record: person('p-1'), stored: {} });
    const totals = await rekeyRecords(store, RECORD_KINDS, { kind: 'company' });
    expect(store.pagesAsked.map((p) => p.kind)).toEqual(['company', 'conveyance']);
    expect(totals.person.read).toBe(0);
  });

  it('counts a record edited meanwhile and one not matching its contract, and goes on', async () => {
    const store = new InMemoryRekeyStore();
    store.add('person', { id: 'p-1', version: 1, record: person('p-1'), stored: {} });
    store.add('person', { id: 'p-2', version: 1, record: undefined, stored: {}, unreadable: true });
    store.add('person', { id: 'p-3', version: 1, record: person('p-3'), stored: {} });
    store.editedMeanwhile.add('p-1');
    const progress: RekeyProgress[] = [];
    const totals = await rekeyRecords(store, RECORD_KINDS, { onPage: (p) => progress.push(p) });
    expect(totals.person).toEqual({
      read: 3,
      rekeyed: 1,
      unchanged: 0,
      changedMeanwhile: 1,
      unreadable: 1,
    });
    expect(progress[0]!.unreadableIds).toEqual(['p-2']);
    expect(store.rows.person[0]!.stored).toEqual({});
  });
});
