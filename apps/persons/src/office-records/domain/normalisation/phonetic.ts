/**
 * A phonetic key for one normalised Latin token (A–Z): a consonant skeleton, in the spirit of
 * Soundex and Metaphone but tuned for names that reach a customs officer through transliteration.
 *
 * 1. Spellings of one sound become one letter, longest first: SHCH/SCH/SH/SZ → X, TSCH/TCH/CH/CZ →
 *    C, DZH/DJ/ZH → J, KH → H, PH → F, TH/DH/GH → T/D/G, TS/TZ → S, CK → K, X → KS.
 * 2. Letters that variants swap for one another share a class: F/V/W → V, B/P → B, D/T → T,
 *    C/G/K/Q → K (C before E, I, Y → S), S/Z → S.
 * 3. Vowels (and Y, and J as a glide after I or Y or ending a word after E: MARIJA, ANDREJ) are
 *    dropped everywhere, including at the start, because Arabic and many transliterations do not
 *    write them (محمد → MHMD, عمر → MR); doubled letters collapse, but a vowel between two equal
 *    consonants keeps both (HABIB → HBB), as in Soundex.
 *
 * So IVANOV and IWANOW are both VNV, MOHAMMED, MUHAMAD, MEHMET and محمد are all MHMT, SHCHUKIN and
 * SCHUKIN are XKN. A token of vowels only keys as its first letter.
 */

const DIGRAPHS: [RegExp, string][] = [
  [/SHCH|SCH|SH|SZ/g, 'x'],
  [/TSCH|TCH|CH|CZ/g, 'c'],
  [/DZH|DJ|ZH/g, 'j'],
  [/KH/g, 'H'],
  [/PH/g, 'F'],
  [/([TDG])H/g, '$1'],
  [/TS|TZ/g, 'S'],
  [/CK/g, 'K'],
  [/X/g, 'KS'],
];

const CLASSES: Record<string, string> = {
  C: 'K',
  F: 'V',
  W: 'V',
  P: 'B',
  D: 'T',
  G: 'K',
  Q: 'K',
  Z: 'S',
};

/**
 * Keys made already: scoring a candidate set compares the same few tokens hundreds of times, and
 * making a key was a third of its time. Bounded: emptied when full.
 */
const madeKeys = new Map<string, string>();
const MAX_MADE_KEYS = 50_000;

export function phoneticKey(token: string): string {
  let key = madeKeys.get(token);
  if (key === undefined) {
    if (madeKeys.size >= MAX_MADE_KEYS) madeKeys.clear();
    key = keyOf(token);
    madeKeys.set(token, key);
  }
  return key;
}

function keyOf(token: string): string {
  if (!token) return '';
  let word = token.toUpperCase().replace(/[^A-Z]/g, '');
  if (!word) return token;
  // Soft C is decided before the digraphs turn X into KS or CH into C.
  word = word.replace(/C(?=[EIY])/g, 'S');
  // J written for the Slavic vowel glide (German/Polish-style MARIJA, DMITRIJ, ANDREJ, where ICAO
  // writes MARIIA, DMITRII, ANDREI) is a vowel: after I or Y, or ending a word after E.
  word = word.replace(/([IY])J/g, '$1Y').replace(/EJ$/, 'EY');
  // Digraph results are lower case so that the single-letter classes below leave them alone.
  for (const [pattern, replacement] of DIGRAPHS) word = word.replace(pattern, replacement);
  let key = '';
  let previous = '';
  for (const letter of word) {
    const mapped = 'AEIOUY'.includes(letter) ? '' : (CLASSES[letter] ?? letter);
    if (mapped && mapped !== previous) key += mapped;
    // As in Soundex, a vowel separates two equal consonants (HABIB: H-B-B), a double does not.
    previous = mapped;
  }
  return (key || word.charAt(0)).toUpperCase();
}
