import { type Labels } from '@opencen/contracts';

/**
 * Text search without a text index (FerretDB has none): each entry keeps the normalized words of its
 * code and of every label, and a search asks for entries having, for each word typed, a keyword
 * that starts with it. So "cote d'iv" finds "Côte d'Ivoire", and "фра" finds "Франция".
 */

/** Lower case, without accents or other combining marks (Arabic short vowels included). */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of a text: runs of letters and digits after normalization. */
export function wordsOf(text: string): string[] {
  return normalizeText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The keywords an entry is found by: the words of its code and of its labels in every language. */
export function keywordsOf(code: string, labels: Labels): string[] {
  const words = [
    ...wordsOf(code),
    ...Object.values(labels).flatMap((label) => wordsOf(label ?? '')),
  ];
  return [...new Set(words)].sort();
}

/** The words of a search text, each to be matched as the start of some keyword. */
export function searchWords(text: string): string[] {
  return [...new Set(wordsOf(text))];
}
