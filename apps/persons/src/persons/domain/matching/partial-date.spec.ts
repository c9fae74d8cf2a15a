import {
  comparePartialDates,
  formatPartialDate,
  parsePartialDate,
  precisionOf,
} from './partial-date';

const date = (text: string) => {
  const parsed = parsePartialDate(text);
  if (!parsed) throw new Error(`not a partial date: ${text}`);
  return parsed;
};

describe('parsePartialDate', () => {
  it('reads a full date, a year and month, or a year', () => {
    expect(parsePartialDate('1980-05-12')).toEqual({ year: 1980, month: 5, day: 12 });
    expect(parsePartialDate('1980-05')).toEqual({ year: 1980, month: 5 });
    expect(parsePartialDate(' 1980 ')).toEqual({ year: 1980 });
  });

  it('refuses other shapes and impossible dates', () => {
    for (const text of ['80', '12/05/1980', '1980-5-12', '1980-13', '1981-02-29', '1980-00-10']) {
      expect(parsePartialDate(text)).toBeUndefined();
    }
    expect(parsePartialDate('1980-02-29')).toEqual({ year: 1980, month: 2, day: 29 });
  });

  it('writes back what it read', () => {
    for (const text of ['1980-05-12', '1980-05', '1980']) {
      expect(formatPartialDate(date(text))).toBe(text);
    }
    expect(precisionOf(date('1980'))).toBe('year');
    expect(precisionOf(date('1980-05'))).toBe('month');
    expect(precisionOf(date('1980-05-12'))).toBe('date');
  });
});

describe('comparePartialDates', () => {
  it.each([
    ['1980-05-12', '1980-05-12', 'equal', 1],
    ['1980-05', '1980-05', 'equal', 0.9],
    ['1980', '1980', 'equal', 0.8],
    ['1980-05', '1980-05-12', 'compatible', 0.7],
    ['1980', '1980-05-12', 'compatible', 0.6],
    ['1980-05-12', '1980', 'compatible', 0.6],
    ['1980', '1981-05-12', 'conflicting', 0],
    ['1980-05', '1980-06-01', 'conflicting', 0],
    ['1980-05-12', '1980-05-21', 'conflicting', 0],
  ])('%s and %s are %s (score %d)', (a, b, result, score) => {
    expect(comparePartialDates(date(a), date(b))).toEqual({ result, score });
  });

  it('ranks a shared day above a shared year', () => {
    const full = comparePartialDates(date('1980-05-12'), date('1980-05-12')).score;
    const year = comparePartialDates(date('1980'), date('1980-05-12')).score;
    expect(full).toBeGreaterThan(year);
  });
});
