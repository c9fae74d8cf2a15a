import { isParticle, nameTokens, normaliseName, significantTokens } from './names';

describe('normaliseName', () => {
  it('removes case and diacritics', () => {
    expect(normaliseName('José Müller-Lüdenscheidt')).toEqual(['JOSE', 'LUDENSCHEIDT', 'MULLER']);
    expect(normaliseName('Łukasz Øster Straße')).toEqual(['LUKASZ', 'OSTER', 'STRASSE']);
  });

  it('removes apostrophes inside a word and splits on hyphens and punctuation', () => {
    expect(normaliseName("O'Brien")).toEqual(['OBRIEN']);
    expect(normaliseName('D’Angelo')).toEqual(['DANGELO']);
    expect(normaliseName('Jean-Pierre, Dupont.')).toEqual(['DUPONT', 'JEAN', 'PIERRE']);
  });

  it('gives one sorted token set whatever the order', () => {
    expect(normaliseName('Ivan Ivanov')).toEqual(normaliseName('IVANOV,  ivan'));
  });

  it('transliterates Cyrillic, Greek and Arabic into the same tokens as Latin spellings', () => {
    expect(normaliseName('Иванов Иван')).toEqual(normaliseName('Ivan Ivanov'));
    expect(normaliseName('Γεώργιος Παπαδόπουλος')).toEqual(normaliseName('Papadopoulos Georgios'));
    expect(normaliseName('الحسن')).toEqual(['AL', 'HSN']);
  });

  it('returns nothing for an empty or missing name', () => {
    expect(normaliseName(undefined)).toEqual([]);
    expect(normaliseName(' - ')).toEqual([]);
  });
});

describe('nameTokens', () => {
  it('keeps the written word and whether it was transliterated', () => {
    expect(nameTokens('Иванов Ivan')).toEqual([
      { written: 'Иванов', token: 'IVANOV', transliterated: true },
      { written: 'Ivan', token: 'IVAN', transliterated: false },
    ]);
  });
});

describe('significantTokens', () => {
  it('drops particles unless nothing else remains', () => {
    const tokens = nameTokens('Ludwig van Beethoven');
    expect(significantTokens(tokens).map((t) => t.token)).toEqual(['LUDWIG', 'BEETHOVEN']);
    expect(significantTokens(nameTokens('Al')).map((t) => t.token)).toEqual(['AL']);
    expect(isParticle('BIN')).toBe(true);
    expect(isParticle('BINA')).toBe(false);
  });
});
