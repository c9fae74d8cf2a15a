import { FixedClock } from '@opencen/testing';
import { type Principal, parseEvent, referenceEntryDeprecated } from '@opencen/contracts';

import { NOW, InMemoryEntries, TODAY, anEntry } from '../testing/entries.fixtures';
import { DeprecateEntry } from './deprecate-entry';

const admin: Principal = { sub: 'admin-1', username: 'admin', roles: ['admin'] };
const context = { correlationId: 'corr-3', principal: admin };

describe('DeprecateEntry', () => {
  let entries: InMemoryEntries;
  let deprecateEntry: DeprecateEntry;
  const antilles = anEntry({
    code: 'AN',
    labels: { en: 'Netherlands Antilles', fr: 'Antilles néerlandaises' },
  });

  beforeEach(() => {
    entries = new InMemoryEntries([antilles, anEntry({ code: 'CW', labels: { en: 'Curaçao' } })]);
    deprecateEntry = new DeprecateEntry(entries, new FixedClock(NOW));
  });

  it('retires the entry after its last day, keeping its labels, and stores the deprecated event', async () => {
    const reply = await deprecateEntry.execute({
      list: 'countries',
      code: 'AN',
      version: 1,
      validTo: '2010-10-09',
      replacedBy: 'CW',
      context,
    });
    expect(reply).toMatchObject({
      deprecated: true,
      validTo: '2010-10-09',
      replacedBy: 'CW',
      version: 2,
      labels: antilles.labels,
      validFrom: antilles.validFrom,
    });
    expect(entries.stored.get('countries/AN')).toMatchObject({
      deprecated: true,
      labels: antilles.labels,
    });
    expect(parseEvent(referenceEntryDeprecated, entries.events[0])).toMatchObject({
      subject: 'countries/AN',
      data: { deprecated: true, validTo: '2010-10-09', replacedBy: 'CW', version: 2 },
    });
  });

  it('retires after today by default', async () => {
    await expect(
      deprecateEntry.execute({ list: 'countries', code: 'AN', version: 1, context }),
    ).resolves.toMatchObject({
      validTo: TODAY,
    });
  });

  it('refuses an unknown, deprecated or identical replacement, and changes nothing', async () => {
    entries.stored.set(
      'countries/XX',
      anEntry({ code: 'XX', deprecated: true, validTo: '2000-01-01' }),
    );
    for (const replacedBy of ['QQ', 'XX', 'AN']) {
      await expect(
        deprecateEntry.execute({ list: 'countries', code: 'AN', version: 1, replacedBy, context }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ path: 'replacedBy' })],
      });
    }
    expect(entries.stored.get('countries/AN')).toBe(antilles);
    expect(entries.events).toHaveLength(0);
  });

  it('refuses a last day before the first one', async () => {
    entries.stored.set('countries/AN', { ...antilles, validFrom: '2020-01-01' });
    await expect(
      deprecateEntry.execute({
        list: 'countries',
        code: 'AN',
        version: 1,
        validTo: '2019-12-31',
        context,
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'validTo' })],
    });
  });

  it('says CONFLICT for an entry already deprecated or a stale version', async () => {
    await deprecateEntry.execute({ list: 'countries', code: 'AN', version: 1, context });
    await expect(
      deprecateEntry.execute({ list: 'countries', code: 'AN', version: 2, context }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      deprecateEntry.execute({ list: 'countries', code: 'CW', version: 5, context }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version' })],
    });
    expect(entries.events).toHaveLength(1);
  });

  it('is for administrators only', async () => {
    await expect(
      deprecateEntry.execute({
        list: 'countries',
        code: 'AN',
        version: 1,
        context: { correlationId: 'c' },
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
