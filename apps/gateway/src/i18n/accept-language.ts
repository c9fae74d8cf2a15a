import { LANGUAGES, type Language } from '@opencen/contracts';

/** The label language when the client states no usable preference. */
export const DEFAULT_LANGUAGE: Language = 'en';

interface Range {
  /** Lower-case primary subtag (`fr` of `fr-CA`), or `*`. */
  primary: string;
  q: number;
  /** Position in the header, to keep the client's order between equal weights. */
  index: number;
}

// A range is `*` or up to 8 alphanumerics per subtag (RFC 9110 §12.5.4, RFC 4647 §2.1).
const RANGE = /^(\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$/;
const WEIGHT = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * Picks the label language from an `Accept-Language` header: the supported language with the
 * highest weight (`q`), matched on the primary subtag (`pt-BR` → `pt`), the client's order breaking
 * ties. `*` stands for any language not named otherwise. Ranges with `q=0`, malformed ranges and
 * unsupported languages are skipped; with nothing left, English.
 */
export function negotiateLanguage(
  header: string | readonly string[] | undefined,
  supported: readonly Language[] = LANGUAGES,
): Language {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (typeof value !== 'string' || value.trim() === '') return DEFAULT_LANGUAGE;
  const ranges = parseRanges(value);
  const refused = new Set(ranges.filter((r) => r.q === 0).map((r) => r.primary));
  const named = new Set(ranges.map((r) => r.primary));
  const wanted = ranges.filter((r) => r.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of wanted) {
    if (range.primary === '*') {
      const any = [DEFAULT_LANGUAGE, ...supported].find(
        (language) => supported.includes(language) && !named.has(language),
      );
      if (any) return any;
      continue;
    }
    const match = supported.find((language) => language === range.primary);
    if (match && !refused.has(match)) return match;
  }
  return DEFAULT_LANGUAGE;
}

function parseRanges(header: string): Range[] {
  const ranges: Range[] = [];
  header.split(',').forEach((part, index) => {
    const [tag = '', ...params] = part.split(';').map((piece) => piece.trim());
    if (!RANGE.test(tag)) return;
    let q = 1;
    for (const param of params) {
      if (/^q=/i.test(param)) {
        if (!WEIGHT.test(param)) return; // a malformed weight makes the range unusable
        q = Number(param.slice(2));
      }
    }
    ranges.push({ primary: tag.split('-')[0]!.toLowerCase(), q, index });
  });
  return ranges;
}
