import { negotiateLanguage } from './accept-language';

describe('negotiateLanguage (Accept-Language)', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fr', 'fr'],
    ['FR', 'fr'],
    ['es-MX', 'es'],
    ['pt-BR,pt;q=0.9,en;q=0.8', 'pt'],
    ['de-DE, fr;q=0.5, en;q=0.4', 'fr'],
    ['en;q=0.2, ar;q=0.9', 'ar'],
    ['ru;q=0.5, fr;q=0.5', 'ru'],
    ['de, ja', 'en'],
    ['zz-invalid-tag-way-too-longgggg, es', 'es'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });

  it('skips ranges refused with q=0', () => {
    expect(negotiateLanguage('fr;q=0, es;q=0.1')).toBe('es');
    expect(negotiateLanguage('fr;q=0')).toBe('en');
  });

  it('reads * as any language not named otherwise', () => {
    expect(negotiateLanguage('de, *;q=0.5')).toBe('en');
    expect(negotiateLanguage('en;q=0, *')).toBe('fr');
    expect(negotiateLanguage('*, ru;q=0.1')).toBe('en');
  });

  it('ignores ranges whose weight is malformed instead of failing', () => {
    expect(negotiateLanguage('fr;q=2, es;q=abc, ar;q=0.7')).toBe('ar');
    expect(negotiateLanguage(';;;,,,')).toBe('en');
  });

  it('reads a header sent several times as one list', () => {
    expect(negotiateLanguage(['de', 'pt;q=0.3'])).toBe('pt');
  });

  it('falls back to English when no supported language is asked for', () => {
    expect(negotiateLanguage('fr', ['en', 'es'])).toBe('en');
  });
});
