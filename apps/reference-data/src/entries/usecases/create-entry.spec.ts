import { FixedClock, SequentialIds } from '@opencen/testing';
import { type Principal, parseEvent, referenceEntryCreated } from '@opencen/contracts';

import { InMemoryEntries, NOW, TODAY, anEntry } from '../testing/entries.fixtures';
import { CreateEntry, type CreateEntryCommand } from './create-entry';

const admin: Principal = { sub: 'admin-1', username: 'admin', roles: ['admin'] };
const context = { correlationId: 'corr-1', causationId: 'req-1', principal: admin };

describe('CreateEntry', () => {
  let entries: InMemoryEntries;
  let createEntry: CreateEntry;
  let ids: SequentialIds;

  beforeEach(() => {
    ids = new SequentialIds();
    entries = new InMemoryEntries([anEntry({ code: 'FR' })]);
    createEntry = new CreateEntry(entries, new FixedClock(NOW), ids);
  });

  const office: CreateEntryCommand = {
    list: 'customs-offices',
    code: 'FRA-CDG',
    labels: { en: 'Roissy-Charles de Gaulle airport' },
    attributes: { type: 'airport', country: 'FR', latitude: 49.0097, longitude: 2.5479 },
    context,
  };

  it('stores the entry, valid from today at version 1, with its created event in the same write', async () => {
    const reply = await createEntry.execute(office);
    expect(reply).toMatchObject({
      list: 'customs-offices',
      code: 'FRA-CDG',
      label: 'Roissy-Charles de Gaulle airport',
      labelLanguage: 'en',
      validFrom: TODAY,
      deprecated: false,
      version: 1,
      updatedAt: NOW.toISOString(),
    });
    expect(entries.stored.get('customs-offices/FRA-CDG')).toMatchObject({
      code: 'FRA-CDG',
      version: 1,
    });
    expect(entries.events).toHaveLength(1);
    const event = parseEvent(referenceEntryCreated, entries.events[0]);
    expect(event).toMatchObject({
      subject: 'customs-offices/FRA-CDG',
      correlationid: 'corr-1',
      causationid: 'req-1',
      actor: 'admin-1',
      data: { code: 'FRA-CDG', version: 1, attributes: office.attributes },
    });
    expect(event.data).not.toHaveProperty('label');
  });

  it('refuses a code of the wrong format or missing attributes with field paths, and stores nothing', async () => {
    const error = await createEntry
      .execute({ ...office, code: 'FRCDG', attributes: { type: 'airport', country: 'FR' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((error as { details: { path: string }[] }).details.map((d) => d.path)).toEqual([
      'code',
      'attributes.latitude',
      'attributes.longitude',
    ]);
    expect(entries.stored.size).toBe(1);
    expect(entries.events).toHaveLength(0);
  });

  it('refuses a period that ends before it starts, naming validTo', async () => {
    await expect(
      createEntry.execute({ ...office, validFrom: '2026-01-01', validTo: '2025-12-31' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'validTo' })],
    });
  });

  it('refuses an office in a country the countries list does not have', async () => {
    await expect(
      createEntry.execute({ ...office, attributes: { ...office.attributes, country: 'QQ' } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { path: 'attributes.country', reason: 'no entry QQ in countries', code: 'unknown_code' },
      ],
    });
  });

  it('says CONFLICT for a code that exists, and changes nothing', async () => {
    const before = entries.stored.get('countries/FR');
    await expect(
      createEntry.execute({
        list: 'countries',
        code: 'FR',
        labels: { en: 'Another France' },
        attributes: { alpha3: 'FRA', numeric: '250' },
        context,
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'code' })],
    });
    expect(entries.stored.get('countries/FR')).toBe(before);
    expect(entries.events).toHaveLength(0);
  });

  it('answers the entry a crashed run of the same Idempotency-Key request stored, and no other', async () => {
    const first = await createEntry.execute(office);
    ids.repeating = true;
    // Later on another day: the entry kept the day of the first run.
    const nextDay = new CreateEntry(
      entries,
      new FixedClock(new Date(NOW.getTime() + 86_400_000)),
      ids,
    );
    expect(await nextDay.execute(office)).toEqual(first);
    expect(entries.events).toHaveLength(1);
    // Another content under the code, or the entry changed since: a duplicate, as without a key.
    await expect(
      nextDay.execute({ ...office, labels: { en: 'Another airport' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(nextDay.execute({ ...office, validFrom: '2020-01-01' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    entries.stored.set('customs-offices/FRA-CDG', {
      ...entries.stored.get('customs-offices/FRA-CDG')!,
      version: 2,
    });
    await expect(nextDay.execute(office)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('is for administrators only', async () => {
    await expect(
      createEntry.execute({
        ...office,
        context: { correlationId: 'c', principal: { ...admin, roles: ['officer'] } },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      createEntry.execute({ ...office, context: { correlationId: 'c' } }),
    ).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(entries.stored.size).toBe(1);
  });
});
