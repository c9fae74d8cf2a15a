import {
  checkContainerNumber,
  checkImoNumber,
  checkVin,
  iso6346CheckDigit,
  normaliseIdentifier,
  normalisePlate,
  vinCheckDigit,
} from './identifiers';

describe('normaliseIdentifier', () => {
  it('drops spaces, dashes, dots and slashes, and upper-cases', () => {
    expect(normaliseIdentifier(' ab 12-34.56/7 ')).toBe('AB1234567');
    expect(normaliseIdentifier('75 1234567')).toBe(normaliseIdentifier('751-234-567'));
  });

  it('reads Cyrillic and Greek look-alike capitals as Latin', () => {
    expect(normalisePlate('А 123 ВС 77')).toBe('A123BC77');
    expect(normalisePlate('ΙΚΡ-1234')).toBe('IKP1234');
    expect(normalisePlate('ab-123-cd')).toBe('AB123CD');
  });
});

describe('ISO 6346 container numbers', () => {
  it('accepts a valid number, however it is written', () => {
    expect(checkContainerNumber('CSQU3054383')).toEqual({ ok: true, value: 'CSQU3054383' });
    expect(checkContainerNumber('csqu 305438-3')).toEqual({ ok: true, value: 'CSQU3054383' });
    expect(checkContainerNumber('MSKU 907032-3').ok).toBe(true);
  });

  it('computes the check digit with letter values that skip multiples of 11', () => {
    expect(iso6346CheckDigit('CSQU305438')).toBe(3);
    // The weighted sum of CSQU000007 leaves 10 modulo 11, which is written 0.
    expect(iso6346CheckDigit('CSQU000007')).toBe(0);
    expect(checkContainerNumber('CSQU0000070').ok).toBe(true);
  });

  it('rejects a wrong check digit', () => {
    expect(checkContainerNumber('CSQU3054384')).toEqual({
      ok: false,
      value: 'CSQU3054384',
      error: 'check-digit',
    });
    // Two adjacent digits swapped: the weights catch it.
    expect(checkContainerNumber('CSQU3045383').ok).toBe(false);
  });

  it('rejects a wrong shape', () => {
    expect(checkContainerNumber('CSQX3054383')).toMatchObject({ ok: false, error: 'format' });
    expect(checkContainerNumber('CSQU305438')).toMatchObject({ ok: false, error: 'format' });
    expect(checkContainerNumber('C5QU3054383')).toMatchObject({ ok: false, error: 'format' });
  });
});

describe('IMO ship numbers', () => {
  it('accepts a valid number with or without the IMO prefix', () => {
    expect(checkImoNumber('IMO 9074729')).toEqual({ ok: true, value: '9074729' });
    expect(checkImoNumber('9074729')).toEqual({ ok: true, value: '9074729' });
    expect(checkImoNumber('imo-9176187').ok).toBe(true);
  });

  it('rejects a wrong check digit or shape', () => {
    expect(checkImoNumber('IMO 9074728')).toEqual({
      ok: false,
      value: '9074728',
      error: 'check-digit',
    });
    expect(checkImoNumber('IMO 907472')).toMatchObject({ ok: false, error: 'format' });
    expect(checkImoNumber('IMO 90747299')).toMatchObject({ ok: false, error: 'format' });
  });
});

describe('VINs', () => {
  it('always checks length and characters (no I, O or Q)', () => {
    expect(checkVin('1M8GDM9AXKP04278')).toMatchObject({ ok: false, error: 'format' });
    expect(checkVin('1M8GDM9AXKP0427O8')).toMatchObject({ ok: false, error: 'format' });
    expect(checkVin('1M8GDM9AXKP04278I')).toMatchObject({ ok: false, error: 'format' });
  });

  it('reports a matching check digit as valid', () => {
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
    expect(checkVin('1m8-gdm9axkp042788')).toEqual({
      ok: true,
      value: '1M8GDM9AXKP042788',
      checkDigit: 'valid',
    });
  });

  it('reports a wrong check digit as invalid for North America, not applicable elsewhere', () => {
    expect(checkVin('1M8GDM9A1KP042788')).toMatchObject({ ok: true, checkDigit: 'invalid' });
    expect(checkVin('WVWZZZ1JZXW000001')).toMatchObject({
      ok: true,
      checkDigit: 'not-applicable',
    });
  });
});
