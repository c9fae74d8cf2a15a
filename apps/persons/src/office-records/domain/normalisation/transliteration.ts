/**
 * Transliteration into Latin capitals from Cyrillic, Greek and Arabic script, with tables of our own.
 *
 * - Cyrillic follows ICAO Doc 9303 (the machine-readable zone of passports): Иванов → IVANOV,
 *   Щукин → SHCHUKIN, Й → I, Х → KH, Ц → TS, Ю → IU, Я → IA, Ь dropped. Ukrainian, Belarusian,
 *   Serbian, Macedonian and the common Kazakh letters are included.
 * - Greek follows ICAO 9303 / ELOT 743 with its usual digraphs (ΟΥ → OU, ΑΥ → AV, ΕΥ → EV,
 *   initial ΜΠ → B, initial ΝΤ → D, ΓΓ → NG); accents are dropped first.
 * - Arabic maps letters as written (short vowels are not written and are dropped; و and ي are W
 *   and Y at the start of a word, U and I elsewhere), with the article ال split off as a separate
 *   AL token: محمد → MHMD, يوسف → YUSF. The phonetic key (phonetic.ts) drops
 *   vowels too, which is how محمد meets MOHAMMED.
 *
 * Characters of other scripts pass through unchanged (Latin letters are handled by the caller).
 */

// prettier-ignore
const CYRILLIC: Record<string, string> = {
  А: 'A', Б: 'B', В: 'V', Г: 'G', Д: 'D', Е: 'E', Ё: 'E', Ж: 'ZH', З: 'Z', И: 'I', Й: 'I',
  К: 'K', Л: 'L', М: 'M', Н: 'N', О: 'O', П: 'P', Р: 'R', С: 'S', Т: 'T', У: 'U', Ф: 'F',
  Х: 'KH', Ц: 'TS', Ч: 'CH', Ш: 'SH', Щ: 'SHCH', Ъ: 'IE', Ы: 'Y', Ь: '', Э: 'E', Ю: 'IU',
  Я: 'IA',
  // Ukrainian and Belarusian
  Ґ: 'G', Є: 'IE', І: 'I', Ї: 'I', Ў: 'U',
  // Serbian and Macedonian
  Ђ: 'D', Ѓ: 'G', Ѕ: 'DZ', Ј: 'J', Љ: 'LJ', Њ: 'NJ', Ќ: 'K', Ћ: 'C', Џ: 'DZ',
  // Kazakh and other Turkic languages written in Cyrillic
  Ә: 'A', Ғ: 'G', Қ: 'K', Ң: 'N', Ө: 'O', Ұ: 'U', Ү: 'U', Һ: 'H',
};

// prettier-ignore
const GREEK: Record<string, string> = {
  Α: 'A', Β: 'V', Γ: 'G', Δ: 'D', Ε: 'E', Ζ: 'Z', Η: 'I', Θ: 'TH', Ι: 'I', Κ: 'K', Λ: 'L',
  Μ: 'M', Ν: 'N', Ξ: 'X', Ο: 'O', Π: 'P', Ρ: 'R', Σ: 'S', Τ: 'T', Υ: 'Y', Φ: 'F', Χ: 'CH',
  Ψ: 'PS', Ω: 'O',
};

/** Greek letter pairs written as one sound; `initial` applies only at the start of a word. */
const GREEK_DIGRAPHS: { pair: string; latin: string; initialOnly?: boolean }[] = [
  { pair: 'ΟΥ', latin: 'OU' },
  { pair: 'ΑΥ', latin: 'AV' },
  { pair: 'ΕΥ', latin: 'EV' },
  { pair: 'ΓΓ', latin: 'NG' },
  { pair: 'ΜΠ', latin: 'B', initialOnly: true },
  { pair: 'ΝΤ', latin: 'D', initialOnly: true },
  { pair: 'ΓΚ', latin: 'G', initialOnly: true },
];

// prettier-ignore
const ARABIC: Record<string, string> = {
  ا: 'A', أ: 'A', إ: 'I', آ: 'A', ٱ: 'A', ب: 'B', ت: 'T', ث: 'TH', ج: 'J', ح: 'H', خ: 'KH',
  د: 'D', ذ: 'DH', ر: 'R', ز: 'Z', س: 'S', ش: 'SH', ص: 'S', ض: 'D', ط: 'T', ظ: 'Z', ع: '',
  غ: 'GH', ف: 'F', ق: 'Q', ك: 'K', ل: 'L', م: 'M', ن: 'N', ه: 'H', و: 'W', ي: 'Y', ى: 'A',
  ة: 'A', ء: '', ؤ: '', ئ: '', ـ: '',
  // Persian and Urdu letters
  پ: 'P', چ: 'CH', ژ: 'ZH', گ: 'G', ک: 'K', ی: 'Y',
};

const GREEK_RE = /[\u0370-\u03ff\u1f00-\u1fff]/u;
const CYRILLIC_RE = /\p{Script=Cyrillic}/u;
const ARABIC_RE = /\p{Script=Arabic}/u;

/** Whether a text holds letters of a script that transliterate() converts. */
export function needsTransliteration(text: string): boolean {
  return GREEK_RE.test(text) || CYRILLIC_RE.test(text) || ARABIC_RE.test(text);
}

/** One word (no spaces) of any script into Latin capitals; Latin letters are only upper-cased. */
export function transliterateWord(word: string): string {
  if (!needsTransliteration(word)) return word.toUpperCase();
  // Greek accents (tonos, dialytika) go before the table; Cyrillic Й and Ё must keep theirs.
  const text = word
    .normalize('NFC')
    .replace(/[\u0370-\u03ff\u1f00-\u1fff]/gu, (c) => c.normalize('NFD').replace(/\p{M}+/gu, ''))
    .toUpperCase()
    .replace(/ς/gu, 'Σ');
  // Arabic short vowels and other marks are not letters of the name.
  const chars = [...text.replace(/[\u064b-\u065f\u0670]/gu, '')];
  let out = '';
  let i = 0;
  if (chars[0] === 'ا' && chars[1] === 'ل' && chars.length > 3) {
    out = 'AL ';
    i = 2;
  }
  for (; i < chars.length; i += 1) {
    const c = chars[i] ?? '';
    const next = chars[i + 1] ?? '';
    const digraph = GREEK_DIGRAPHS.find((d) => d.pair === c + next && (!d.initialOnly || i === 0));
    if (digraph) {
      out += digraph.latin;
      i += 1;
      continue;
    }
    // و and ي are consonants (W, Y) at the start of a word and long vowels (U, I) elsewhere.
    if ((c === 'و' || c === 'ي' || c === 'ی') && out.replace('AL ', '') !== '') {
      out += c === 'و' ? 'U' : 'I';
      continue;
    }
    out += CYRILLIC[c] ?? GREEK[c] ?? ARABIC[c] ?? c;
  }
  return out;
}
