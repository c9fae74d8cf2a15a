import { phoneticKey } from './phonetic';

describe('phoneticKey', () => {
  it.each([
    ['IVANOV', 'IWANOW'],
    ['IVANOV', 'IVANOFF'],
    ['MOHAMMED', 'MUHAMAD'],
    ['MOHAMMED', 'MEHMET'],
    ['MOHAMMED', 'MHMD'], // محمد as written in Arabic
    ['SHCHUKIN', 'SCHUKIN'],
    ['CHEKHOV', 'TCHEKHOV'],
    ['ZHUKOV', 'DJUKOV'],
    ['KATARINA', 'CATHARINA'],
    ['PHILIPP', 'FILIP'],
    ['ALEXANDER', 'ALEKSANDER'],
    ['TSVETKOV', 'ZVETKOV'],
    ['MARIJA', 'MARIIA'], // Мария, German/Polish-style and ICAO
    ['DMITRIJ', 'DMITRII'],
    ['ANDREJ', 'ANDREI'],
    ['JULIJA', 'JULIA'],
  ])('maps %s and %s together', (a, b) => {
    expect(phoneticKey(a)).toBe(phoneticKey(b));
  });

  it.each([
    ['IVANOV', 'PETROV'],
    ['SHUKIN', 'CHUKIN'],
    ['MARIA', 'MARTA'],
    ['HABIB', 'HAB'],
    ['NAJIB', 'NABI'], // J after A stays a consonant (نجيب)
    ['JAMAL', 'AMAL'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(phoneticKey(a)).not.toBe(phoneticKey(b));
  });

  it('is a documented consonant skeleton', () => {
    expect(phoneticKey('IVANOV')).toBe('VNV');
    expect(phoneticKey('MOHAMMED')).toBe('MHMT');
    expect(phoneticKey('CECILIA')).toBe('SSL');
    expect(phoneticKey('EVA')).toBe('V');
    expect(phoneticKey('IA')).toBe('I');
    expect(phoneticKey('')).toBe('');
  });
});
