import { type ErrorDetail, type ReferenceList } from '@opencen/contracts';

/** What an entry says beyond its code and labels; each list has its own (see the rules below). */
export type Attributes = Record<string, string | number | boolean | null>;

/** A broken rule, named by the field path of the request it concerns. */
export type RuleViolation = ErrorDetail;

type AttributeValue = Attributes[string];

/** What one attribute of a list must hold. */
interface AttributeRule {
  readonly required: boolean;
  /** Says what is expected, for the violation's reason. */
  readonly expected: string;
  readonly accepts: (value: AttributeValue) => boolean;
  /** The list whose code the attribute holds; the code must exist there. */
  readonly references?: ReferenceList;
}

/** The rules of one list: the format of its codes and the attributes it knows. */
interface ListRules {
  readonly code: RegExp;
  /** The code format in words, e.g. for a `validate` reason. */
  readonly codeFormat: string;
  /** Attributes with a meaning; others are kept as given. */
  readonly attributes: Readonly<Record<string, AttributeRule>>;
}

const matches =
  (pattern: RegExp) =>
  (value: AttributeValue): boolean =>
    typeof value === 'string' && pattern.test(value);

const between =
  (min: number, max: number) =>
  (value: AttributeValue): boolean =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;

const UPPER_SNAKE: Pick<ListRules, 'code' | 'codeFormat'> = {
  code: /^[A-Z][A-Z0-9_]*$/,
  codeFormat: 'capital letters, digits and "_", starting with a letter (e.g. CONCEALED_IN_LUGGAGE)',
};

const HS_CHAPTER = /^\d{2}$/;

const RULES: Readonly<Record<ReferenceList, ListRules>> = {
  countries: {
    code: /^[A-Z]{2}$/,
    codeFormat: 'ISO 3166-1 alpha-2: two capital letters (e.g. FR)',
    attributes: {
      alpha3: {
        required: true,
        expected: 'ISO 3166-1 alpha-3, three capital letters',
        accepts: matches(/^[A-Z]{3}$/),
      },
      numeric: {
        required: true,
        expected: 'ISO 3166-1 numeric, three digits',
        accepts: matches(/^\d{3}$/),
      },
    },
  },
  currencies: {
    code: /^[A-Z]{3}$/,
    codeFormat: 'ISO 4217: three capital letters (e.g. EUR)',
    attributes: {
      numeric: {
        required: false,
        expected: 'ISO 4217 numeric, three digits',
        accepts: matches(/^\d{3}$/),
      },
      minorUnits: {
        required: false,
        expected: 'an integer from 0 to 4',
        accepts: (value) => Number.isInteger(value) && between(0, 4)(value),
      },
    },
  },
  'hs-codes': {
    code: /^(\d{2}|\d{4})$/,
    codeFormat: 'an HS chapter (2 digits, e.g. 09) or heading (4 digits, e.g. 0901)',
    attributes: {
      chapter: {
        required: false,
        expected: 'the 2-digit chapter of the heading',
        accepts: matches(HS_CHAPTER),
      },
      level: {
        required: false,
        expected: '"chapter" (2 digits) or "heading" (4 digits)',
        accepts: (value) => value === 'chapter' || value === 'heading',
      },
      /** A chapter the nomenclature keeps for future use (77): known, but no code may use it. */
      reserved: {
        required: false,
        expected: 'true or false',
        accepts: (value) => typeof value === 'boolean',
      },
    },
  },
  'customs-offices': {
    code: /^[A-Z]{3}-[A-Z0-9]{2,10}$/,
    codeFormat:
      'the ISO alpha-3 country code, "-" and 2 to 10 capital letters or digits (e.g. FRA-CDG)',
    attributes: {
      type: { required: true, expected: 'a non-empty text', accepts: matches(/\S/) },
      country: {
        required: true,
        expected: 'an ISO 3166-1 alpha-2 code of the countries list',
        accepts: matches(/^[A-Z]{2}$/),
        references: 'countries',
      },
      latitude: { required: true, expected: 'a number from -90 to 90', accepts: between(-90, 90) },
      longitude: {
        required: true,
        expected: 'a number from -180 to 180',
        accepts: between(-180, 180),
      },
      parent: {
        required: false,
        expected: 'the code of another customs office',
        accepts: matches(/^[A-Z]{3}-[A-Z0-9]{2,10}$/),
        references: 'customs-offices',
      },
    },
  },
  units: { ...UPPER_SNAKE, attributes: {} },
  'transport-modes': { ...UPPER_SNAKE, attributes: {} },
  'commodity-categories': { ...UPPER_SNAKE, attributes: {} },
  'detection-methods': { ...UPPER_SNAKE, attributes: {} },
  'concealment-methods': { ...UPPER_SNAKE, attributes: {} },
  'offence-types': { ...UPPER_SNAKE, attributes: {} },
};

/** The code format of a list in words. */
export function codeFormatOf(list: ReferenceList): string {
  return RULES[list].codeFormat;
}

/** Whether `code` has the format of the list's codes. */
export function isWellFormed(list: ReferenceList, code: string): boolean {
  return RULES[list].code.test(code);
}

/** The violations of a code's format, at `path`. */
export function codeViolations(list: ReferenceList, code: string, path = 'code'): RuleViolation[] {
  if (isWellFormed(list, code)) return [];
  return [
    { path, reason: `${list} codes are ${RULES[list].codeFormat}`, code: 'invalid_code_format' },
  ];
}

/** The violations of the attributes the list knows: missing required ones, wrong values. */
export function attributeViolations(
  list: ReferenceList,
  code: string,
  attributes: Attributes,
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const [name, rule] of Object.entries(RULES[list].attributes)) {
    const value = attributes[name];
    const path = `attributes.${name}`;
    if (value === undefined || value === null) {
      if (rule.required) {
        violations.push({
          path,
          reason: `required in ${list}: ${rule.expected}`,
          code: 'required',
        });
      }
    } else if (!rule.accepts(value)) {
      violations.push({ path, reason: `must be ${rule.expected}`, code: 'invalid_attribute' });
    }
  }
  if (
    list === 'hs-codes' &&
    typeof attributes.chapter === 'string' &&
    !code.startsWith(attributes.chapter)
  ) {
    violations.push({
      path: 'attributes.chapter',
      reason: `must be ${code.slice(0, 2)}, the first two digits of the heading`,
      code: 'invalid_attribute',
    });
  }
  const level = code.length === 2 ? 'chapter' : 'heading';
  const givenLevel = attributes.level;
  if (
    list === 'hs-codes' &&
    (givenLevel === 'chapter' || givenLevel === 'heading') &&
    givenLevel !== level
  ) {
    violations.push({
      path: 'attributes.level',
      reason: `must be ${level} for a code of ${code.length} digits`,
      code: 'invalid_attribute',
    });
  }
  if (list === 'customs-offices' && attributes.parent === code) {
    violations.push({
      path: 'attributes.parent',
      reason: 'an office cannot be its own parent',
      code: 'invalid_attribute',
    });
  }
  return violations;
}

/** A code of another (or the same) list that an entry points at, and where it points from. */
export interface CodeReference {
  readonly path: string;
  readonly list: ReferenceList;
  readonly code: string;
}

/**
 * The codes an entry points at, which must exist: an office's country and parent, a heading's
 * chapter.
 */
export function referencesOf(
  list: ReferenceList,
  code: string,
  attributes: Attributes,
): CodeReference[] {
  const references: CodeReference[] = [];
  for (const [name, rule] of Object.entries(RULES[list].attributes)) {
    const value = attributes[name];
    if (rule.references && typeof value === 'string') {
      references.push({ path: `attributes.${name}`, list: rule.references, code: value });
    }
  }
  if (list === 'hs-codes' && code.length === 4) {
    references.push({ path: 'code', list: 'hs-codes', code: code.slice(0, 2) });
  }
  return references;
}
