import { FixedClock } from '@opencen/testing';
import { NOW, InMemoryEntries, anEntry } from '../testing/entries.fixtures';
import { ValidateCodes } from './validate-codes';

describe('ValidateCodes', () => {
  const entries = new InMemoryEntries([
    anEntry(),
    anEntry({ code: 'AN', deprecated: true, validTo: '2010-10-09', replacedBy: 'CW' }),
    anEntry({ code: 'CW', validFrom: '2010-10-10' }),
    anEntry({
      list: 'hs-codes',
      code: '0901',
      attributes: { chapter: '09' },
      validFrom: '2022-01-01',
    }),
  ]);
  const validateCodes = new ValidateCodes(entries, new FixedClock(NOW));

  it('gives a result per code, in order, with the reason of each bad one', async () => {
    const reply = await validateCodes.execute({
      list: 'countries',
      codes: ['FR', 'AN', 'QQ', 'fra', 'CW'],
    });
    expect(reply).toEqual({
      allValid: false,
      results: [
        { code: 'FR', valid: true },
        { code: 'AN', valid: false, reason: 'deprecated since 2010-10-10; replaced by CW' },
        { code: 'QQ', valid: false, reason: 'unknown: no such code in countries' },
        {
          code: 'fra',
          valid: false,
          reason: expect.stringMatching(/^malformed: countries codes are ISO 3166-1 alpha-2/),
        },
        { code: 'CW', valid: true },
      ],
    });
  });

  it('validates on the day given: a retired code is valid before its retirement', async () => {
    await expect(
      validateCodes.execute({ list: 'countries', codes: ['AN', 'FR'], at: '2009-01-01' }),
    ).resolves.toEqual({
      allValid: true,
      results: [
        { code: 'AN', valid: true },
        { code: 'FR', valid: true },
      ],
    });
    const later = await validateCodes.execute({
      list: 'countries',
      codes: ['CW'],
      at: '2009-01-01',
    });
    expect(later.results[0]).toEqual({
      code: 'CW',
      valid: false,
      reason: 'not yet valid: valid from 2010-10-10',
    });
  });

  it('validates national HS codes by their heading, looking each heading up once', async () => {
    const findByCodes = jest.spyOn(entries, 'findByCodes');
    const reply = await validateCodes.execute({
      list: 'hs-codes',
      codes: ['090111', '09011100', '0901110010', '99999999', '0901'],
    });
    expect(findByCodes).toHaveBeenCalledWith('hs-codes', ['0901', '9999']);
    expect(reply.results).toEqual([
      { code: '090111', valid: true },
      { code: '09011100', valid: true },
      { code: '0901110010', valid: true },
      { code: '99999999', valid: false, reason: 'heading 9999: unknown: no such code in hs-codes' },
      { code: '0901', valid: true },
    ]);
  });

  it('does not ask the store when every code is malformed', async () => {
    const findByCodes = jest.spyOn(entries, 'findByCodes').mockClear();
    const reply = await validateCodes.execute({ list: 'countries', codes: ['f', ''] });
    expect(reply.allValid).toBe(false);
    expect(findByCodes).not.toHaveBeenCalled();
  });
});
