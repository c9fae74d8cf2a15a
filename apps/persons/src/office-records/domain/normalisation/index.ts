/**
 * How names and identifiers are compared, whatever the kind of record: transliteration to Latin
 * script, name tokens and particles, phonetic keys, identifier normalisation and check digits,
 * and the edit distance between two tokens.
 */
export * from './edit-distance';
export * from './identifiers';
export * from './names';
export * from './phonetic';
export * from './transliteration';
