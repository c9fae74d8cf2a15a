import { FixedClock } from '@opencen/testing';
import { type Principal, parseEvent, referenceEntryUpdated } from '@opencen/contracts';

import { InMemoryEntries, NOW, anEntry } from '../testing/entries.fixtures';
import { UpdateEntry } from './update-entry';

const admin: Principal = { sub: 'admin-1', username: 'admin', roles: ['admin'] };
const context = { correlationId: 'corr-2', principal: admin };

describe('UpdateEntry', () => {
  let entries: InMemoryEntries;
  let updateEntry: UpdateEntry;

  beforeEach(() => {
    entries = new InMemoryEntries([anEntry({ validTo: '2030-12-31', version: 3 })]);
    updateEntry = new UpdateEntry(entries, new FixedClock(NOW));
  });

  it('replaces the labels, bumps the version and stores the updated event with the change', async () => {
    const reply = await updateEntry.execute({
      list: 'countries',
      code: 'FR',
      version: 3,
      labels: { en: 'French Republic', es: 'Francia' },
      context,
    });
    expect(reply).toMatchObject({
      version: 4,
      labels: { en: 'French Republic', es: 'Francia' },
      validTo: '2030-12-31',
    });
    expect(reply.labels).not.toHaveProperty('fr');
    expect(entries.stored.get('countries/FR')).toMatchObject({ version: 4, updatedAt: NOW });
    expect(entries.events).toHaveLength(1);
    expect(parseEvent(referenceEntryUpdated, entries.events[0])).toMatchObject({
      subject: 'countries/FR',
      actor: 'admin-1',
      data: { version: 4, labels: { en: 'French Republic', es: 'Francia' } },
    });
  });

  it('removes the end of validity with validTo: null', async () => {
    const reply = await updateEntry.execute({
      list: 'countries',
      code: 'FR',
      version: 3,
      validTo: null,
      context,
    });
    expect(reply).not.toHaveProperty('validTo');
  });

  it('stores nothing and emits nothing when nothing changes', async () => {
    const reply = await updateEntry.execute({
      list: 'countries',
      code: 'FR',
      version: 3,
      validTo: '2030-12-31',
      context,
    });
    expect(reply.version).toBe(3);
    expect(entries.events).toHaveLength(0);
  });

  it('says CONFLICT for a stale version, naming the field, and changes nothing', async () => {
    await expect(
      updateEntry.execute({
        list: 'countries',
        code: 'FR',
        version: 2,
        labels: { en: 'Lost update' },
        context,
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version', code: 'stale_version' })],
    });
    expect(entries.stored.get('countries/FR')).toMatchObject({
      version: 3,
      labels: { en: 'France' },
    });
    expect(entries.events).toHaveLength(0);
  });

  it('refuses a validity that ends before it starts', async () => {
    await expect(
      updateEntry.execute({
        list: 'countries',
        code: 'FR',
        version: 3,
        validFrom: '2031-01-01',
        context,
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'validTo' })],
    });
  });

  it('refuses attributes the list requires being dropped', async () => {
    await expect(
      updateEntry.execute({
        list: 'countries',
        code: 'FR',
        version: 3,
        attributes: { alpha3: 'FRA' },
        context,
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'attributes.numeric' })],
    });
  });

  it('keeps the last day of a deprecated entry', async () => {
    entries.stored.set('countries/FR', anEntry({ deprecated: true, validTo: '2020-01-01' }));
    await expect(
      updateEntry.execute({ list: 'countries', code: 'FR', version: 1, validTo: null, context }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'validTo', code: 'required' })],
    });
  });

  it('says NOT_FOUND for an unknown code and FORBIDDEN for a non-admin', async () => {
    await expect(
      updateEntry.execute({ list: 'countries', code: 'QQ', version: 1, context }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      updateEntry.execute({
        list: 'countries',
        code: 'FR',
        version: 3,
        labels: { en: 'x' },
        context: { correlationId: 'c', principal: { ...admin, roles: ['analyst'] } },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
