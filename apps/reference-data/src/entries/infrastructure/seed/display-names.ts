import { LANGUAGES, type Labels, type Language } from '@opencen/contracts';

type DisplayNameType = 'region' | 'currency';

const cache = new Map<string, Intl.DisplayNames>();

/**
 * A name from the Unicode CLDR data that Node carries (`Intl.DisplayNames`), or undefined when it
 * has none: no fallback to the code itself, so that a missing language falls back to English.
 */
export function displayName(
  language: Language,
  type: DisplayNameType,
  code: string,
): string | undefined {
  const key = `${language}:${type}`;
  let names = cache.get(key);
  if (!names) {
    names = new Intl.DisplayNames([language], { type, fallback: 'none' });
    cache.set(key, names);
  }
  const name = names.of(code);
  return name === undefined || name === code ? undefined : name;
}

/** Labels in every language: the source's own where it has one, else CLDR's, else none (English then). */
export function labelsFrom(
  english: string,
  own: (language: Language) => string | undefined,
  type: DisplayNameType,
  code: string,
): Labels {
  const labels: Labels = { en: english };
  for (const language of LANGUAGES) {
    if (language === 'en') continue;
    const label = own(language) ?? displayName(language, type, code);
    if (label !== undefined) labels[language] = label;
  }
  return labels;
}
