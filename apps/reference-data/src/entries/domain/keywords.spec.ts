import { keywordsOf, normalizeText, searchWords } from './keywords';

describe('search keywords', () => {
  it('are the words of the code and of every label, without case or accents', () => {
    expect(
      keywordsOf('CI', { en: "Côte d'Ivoire", fr: "Côte d'Ivoire", ru: "Кот-д'Ивуар" }),
    ).toEqual(['ci', 'cote', 'd', 'ivoire', 'ивуар', 'кот', 'д'].sort());
  });

  it('split codes into their parts', () => {
    expect(keywordsOf('FRA-CDG', { en: 'Paris-Charles de Gaulle airport' })).toEqual(
      ['airport', 'cdg', 'charles', 'de', 'fra', 'gaulle', 'paris'].sort(),
    );
  });

  it('drop Arabic short vowels so that a search without them still matches', () => {
    expect(normalizeText('فَرَنْسَا')).toBe('فرنسا');
  });

  it('turn a search text into distinct words', () => {
    expect(searchWords("  Côte D'IV  côte ")).toEqual(['cote', 'd', 'iv']);
    expect(searchWords('--')).toEqual([]);
  });
});
