import { needsTransliteration, transliterateWord } from './transliteration';

describe('transliterateWord', () => {
  it.each([
    ['Иванов', 'IVANOV'],
    ['Щукин', 'SHCHUKIN'],
    ['Жуков', 'ZHUKOV'],
    ['Хрущёв', 'KHRUSHCHEV'],
    ['Цой', 'TSOI'],
    ['Юлия', 'IULIIA'],
    ['Подъячев', 'PODIEIACHEV'],
    ['Ольга', 'OLGA'],
    ['Їжак', 'IZHAK'],
    ['Ђоковић', 'DOKOVIC'],
  ])('Cyrillic per ICAO 9303: %s → %s', (written, latin) => {
    expect(transliterateWord(written)).toBe(latin);
  });

  it.each([
    ['Παπαδόπουλος', 'PAPADOPOULOS'],
    ['Γεώργιος', 'GEORGIOS'],
    ['Ευάγγελος', 'EVANGELOS'],
    ['Μπακογιάννης', 'BAKOGIANNIS'],
    ['Ντόρα', 'DORA'],
    ['Χρήστος', 'CHRISTOS'],
    ['Ψαράς', 'PSARAS'],
  ])('Greek per ELOT 743, accents dropped: %s → %s', (written, latin) => {
    expect(transliterateWord(written)).toBe(latin);
  });

  it.each([
    ['محمد', 'MHMD'],
    ['يوسف', 'YUSF'],
    ['خالد', 'KHALD'],
    ['الحسن', 'AL HSN'],
    ['مُحَمَّد', 'MHMD'],
  ])('Arabic as written, short vowels dropped, article split: %s → %s', (written, latin) => {
    expect(transliterateWord(written)).toBe(latin);
  });

  it('only upper-cases Latin words', () => {
    expect(transliterateWord('Müller')).toBe('MÜLLER');
  });

  it('says which words need it', () => {
    expect(needsTransliteration('Ivanov')).toBe(false);
    expect(needsTransliteration('Иванов')).toBe(true);
    expect(needsTransliteration('Νίκος')).toBe(true);
    expect(needsTransliteration('محمد')).toBe(true);
  });
});
