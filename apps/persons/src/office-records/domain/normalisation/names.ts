import { needsTransliteration, transliterateWord } from './transliteration';

/**
 * Name normalisation for matching. A name as written (any script) becomes Latin tokens:
 * transliterated (transliteration.ts), upper case, without diacritics (NFKD, marks removed),
 * apostrophes removed inside a word (O'Brien → OBRIEN), hyphens and other punctuation splitting
 * words (Jean-Pierre → JEAN, PIERRE). Token order is not significant: comparisons use token sets.
 */

/** One normalised token with the word it was written as, for explanations. */
export interface NameToken {
  /** The word as the officer wrote it, e.g. "Иванов". */
  written: string;
  /** Latin capitals A–Z and digits, e.g. "IVANOV". */
  token: string;
  /** Whether the word was in another script and has been transliterated. */
  transliterated: boolean;
}

/** Particles that are part of a name but say little about who it is (AL, VAN, DE, BIN…). */
// prettier-ignore
const PARTICLES = new Set([
  'AL', 'EL', 'BIN', 'BEN', 'IBN', 'BINT', 'DE', 'DA', 'DI', 'DEL', 'DER', 'DEN', 'DU', 'LA',
  'LE', 'VAN', 'VON',
]);

const APOSTROPHES = /['’ʼ‘`´]/gu;
const WORD_SEPARATORS = /[^\p{L}\p{M}\p{N}'’ʼ‘`´]+/u;

/** Removes diacritics and everything but Latin letters and digits, in capitals. */
function latinCapitals(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/ß/gu, 'SS')
    .replace(/[ÆǼ]/gu, 'AE')
    .replace(/Ø/gu, 'O')
    .replace(/Œ/gu, 'OE')
    .replace(/Đ/gu, 'D')
    .replace(/Ł/gu, 'L')
    .replace(/[^A-Z0-9]+/gu, '');
}

/** The tokens of a name as written, in written order, each with its written word. */
export function nameTokens(written: string | undefined): NameToken[] {
  if (!written) return [];
  const tokens: NameToken[] = [];
  for (const word of written.normalize('NFC').split(WORD_SEPARATORS)) {
    const bare = word.replace(APOSTROPHES, '');
    if (!bare) continue;
    const transliterated = needsTransliteration(bare);
    for (const part of transliterateWord(bare).split(' ')) {
      const token = latinCapitals(part);
      if (token) tokens.push({ written: word, token, transliterated });
    }
  }
  return tokens;
}

/** The sorted set of normalised tokens of a name: "Иванов-Петров, Иван" → [IVAN, IVANOV, PETROV]. */
export function normaliseName(written: string | undefined): string[] {
  return [...new Set(nameTokens(written).map((t) => t.token))].sort();
}

/** Whether a token is a particle (AL, VAN, BIN…) rather than a name of its own. */
export function isParticle(token: string): boolean {
  return PARTICLES.has(token);
}

/** The tokens worth comparing: particles are dropped unless nothing else remains. */
export function significantTokens<T extends { token: string }>(tokens: T[]): T[] {
  const kept = tokens.filter((t) => !isParticle(t.token));
  return kept.length > 0 ? kept : tokens;
}
