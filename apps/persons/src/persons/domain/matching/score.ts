import { editDistance } from '../../../office-records/domain/normalisation/edit-distance';
import { normaliseIdentifier } from '../../../office-records/domain/normalisation/identifiers';
import {
  type NameToken,
  nameTokens,
  significantTokens,
} from '../../../office-records/domain/normalisation/names';
import {
  comparePartialDates,
  formatPartialDate,
  parsePartialDate,
  precisionOf,
} from './partial-date';
import { DOCUMENT_TYPE_LABELS, type IdentityDocument, type PersonForMatching } from './person';
import { phoneticKey } from '../../../office-records/domain/normalisation/phonetic';

/**
 * How alike a draft person and an existing one are, with the reasons an officer reads before
 * deciding. The score is a weighted sum, not a probability:
 *
 * - names 0.6: the best agreement between any name form of the draft (its name or an alias) and
 *   any of the existing person's, token sets compared without regard to order or field;
 * - date of birth 0.3: by partial-date precision; unknown on either side counts half, a conflict
 *   takes 0.2 away;
 * - nationality 0.1: one shared; unknown counts half, none in common counts nothing (dual
 *   nationals are common);
 * - an identical document (same number after normalisation, same type, same issuing country when
 *   both give one) is strong on its own, whatever the rest says.
 *
 * strong ≥ 0.85 (propose before creating), possible ≥ 0.6, weak below.
 */
export type MatchStrength = 'strong' | 'possible' | 'weak';

export interface PersonMatch {
  score: number;
  strength: MatchStrength;
  reasons: string[];
}

export const STRONG_THRESHOLD = 0.85;
export const POSSIBLE_THRESHOLD = 0.6;
const NAME_WEIGHT = 0.6;
const DATE_WEIGHT = 0.3;
const NATIONALITY_WEIGHT = 0.1;
const DATE_CONFLICT_PENALTY = 0.2;
const DOCUMENT_EQUAL_SCORE = 0.97;
const DOCUMENT_NUMBER_ONLY_BONUS = 0.15;

type NameField = 'family name' | 'given name' | 'alias family name' | 'alias given name';

interface FieldToken extends NameToken {
  field: NameField;
}

interface TokenAgreement {
  score: number;
  how: 'equal' | 'within one typo' | 'sounds alike' | 'within two typos';
}

/** How two normalised name tokens agree, or undefined when they do not. */
export function compareNameTokens(a: string, b: string): TokenAgreement | undefined {
  if (a === b) return { score: 1, how: 'equal' };
  const distance = editDistance(a, b, 2);
  const samePhonetic = phoneticKey(a) === phoneticKey(b);
  const shorter = Math.min(a.length, b.length);
  if (distance === 1 && (samePhonetic || shorter >= 4)) {
    return { score: samePhonetic ? 0.92 : 0.85, how: 'within one typo' };
  }
  if (samePhonetic) return { score: 0.88, how: 'sounds alike' };
  if (distance === 2 && shorter >= 7) return { score: 0.7, how: 'within two typos' };
  return undefined;
}

/** The forms of each person scored: a draft is scored against every candidate. */
const formsOf = new WeakMap<PersonForMatching, FieldToken[][]>();

/** The person's name and each alias as a list of significant tokens labelled with their field. */
function nameForms(person: PersonForMatching): FieldToken[][] {
  let forms = formsOf.get(person);
  if (!forms) {
    forms = makeNameForms(person);
    formsOf.set(person, forms);
  }
  return forms;
}

function makeNameForms(person: PersonForMatching): FieldToken[][] {
  const label = (tokens: NameToken[], field: NameField) => tokens.map((t) => ({ ...t, field }));
  const forms = [
    [
      ...label(nameTokens(person.family), 'family name'),
      ...label(nameTokens(person.given), 'given name'),
    ],
    ...(person.aliases ?? []).map((alias) => [
      ...label(nameTokens(alias.family), 'alias family name'),
      ...label(nameTokens(alias.given), 'alias given name'),
    ]),
  ];
  return forms.map((form) => significantTokens(form)).filter((form) => form.length > 0);
}

interface FormAgreement {
  similarity: number;
  pairs: { a: FieldToken; b: FieldToken; agreement: TokenAgreement }[];
}

/**
 * Pairs tokens one to one, best agreements first, ignoring order and field (so swapped given and
 * family names still meet). Unpaired tokens of the shorter form count as disagreement; extra tokens
 * of the longer one (a middle name, a patronymic) cost only a little.
 */
function compareForms(a: FieldToken[], b: FieldToken[]): FormAgreement {
  const candidates = a.flatMap((ta) =>
    b.flatMap((tb) => {
      const agreement = compareNameTokens(ta.token, tb.token);
      return agreement ? [{ a: ta, b: tb, agreement }] : [];
    }),
  );
  candidates.sort((x, y) => y.agreement.score - x.agreement.score);
  const pairs: FormAgreement['pairs'] = [];
  for (const candidate of candidates) {
    if (pairs.some((p) => p.a === candidate.a || p.b === candidate.b)) continue;
    pairs.push(candidate);
  }
  const shorter = Math.min(a.length, b.length);
  const longer = Math.max(a.length, b.length);
  const total = pairs.reduce((sum, p) => sum + p.agreement.score, 0);
  return { similarity: (total / shorter) * (0.9 + (0.1 * shorter) / longer), pairs };
}

function describePair({ a, b, agreement }: FormAgreement['pairs'][number]): string {
  const field = a.field === b.field ? a.field : `${a.field} ≈ ${b.field}`;
  const transliterated = a.transliterated || b.transliterated ? ', transliterated' : '';
  const how = agreement.how === 'equal' ? '' : ` ${agreement.how}`;
  const written = `${a.written} ≈ ${b.written}`;
  const tokens = `${a.token} ≈ ${b.token}`;
  if (agreement.how === 'equal') return `${field}${transliterated}: ${written}`;
  const detail = written.toUpperCase() === tokens ? tokens : `${written}, ${tokens}`;
  return `${field}${how}${transliterated} (${detail})`;
}

function compareNames(draft: PersonForMatching, existing: PersonForMatching) {
  let best: FormAgreement = { similarity: 0, pairs: [] };
  for (const a of nameForms(draft)) {
    for (const b of nameForms(existing)) {
      const agreement = compareForms(a, b);
      if (agreement.similarity > best.similarity) best = agreement;
    }
  }
  const reasons = best.pairs.map(describePair);
  const swapped = best.pairs.some(
    (p) =>
      (p.a.field === 'family name' && p.b.field === 'given name') ||
      (p.a.field === 'given name' && p.b.field === 'family name'),
  );
  if (swapped) reasons.push('given and family names swapped');
  return { similarity: best.similarity, reasons };
}

function compareDates(draft: PersonForMatching, existing: PersonForMatching) {
  const a = draft.dateOfBirth ? parsePartialDate(draft.dateOfBirth) : undefined;
  const b = existing.dateOfBirth ? parsePartialDate(existing.dateOfBirth) : undefined;
  if (!a || !b) return { points: DATE_WEIGHT / 2, reasons: [] };
  const { result, score } = comparePartialDates(a, b);
  const both = `${formatPartialDate(a)} / ${formatPartialDate(b)}`;
  if (result === 'conflicting') {
    return { points: -DATE_CONFLICT_PENALTY, reasons: [`dates of birth conflict (${both})`] };
  }
  const coarser = precisionOf(a) === 'year' || precisionOf(b) === 'year' ? 'year' : 'month';
  const what =
    precisionOf(a) === 'date' && precisionOf(b) === 'date'
      ? 'date of birth'
      : coarser === 'year'
        ? 'birth year'
        : 'birth year and month';
  const reason = result === 'equal' ? `${what} equal` : `${what} equal (${both})`;
  return { points: DATE_WEIGHT * score, reasons: [reason] };
}

function compareNationalities(draft: PersonForMatching, existing: PersonForMatching) {
  const a = new Set((draft.nationalities ?? []).map((n) => n.toUpperCase()));
  const b = (existing.nationalities ?? []).map((n) => n.toUpperCase());
  if (a.size === 0 || b.length === 0) return { points: NATIONALITY_WEIGHT / 2, reasons: [] };
  const shared = b.filter((n) => a.has(n));
  if (shared.length === 0) return { points: 0, reasons: [] };
  return { points: NATIONALITY_WEIGHT, reasons: [`nationality shared: ${shared.join(', ')}`] };
}

function sameDocument(a: IdentityDocument, b: IdentityDocument): 'same' | 'number-only' | 'no' {
  if (normaliseIdentifier(a.number) !== normaliseIdentifier(b.number)) return 'no';
  const countriesAgree =
    !a.issuingCountry ||
    !b.issuingCountry ||
    a.issuingCountry.toUpperCase() === b.issuingCountry.toUpperCase();
  return a.type === b.type && countriesAgree ? 'same' : 'number-only';
}

function compareDocuments(draft: PersonForMatching, existing: PersonForMatching) {
  let identical = false;
  let numberOnly = false;
  const reasons: string[] = [];
  for (const a of draft.documents ?? []) {
    for (const b of existing.documents ?? []) {
      const same = sameDocument(a, b);
      if (!normaliseIdentifier(a.number) || same === 'no') continue;
      const label = DOCUMENT_TYPE_LABELS[a.type];
      if (same === 'same') {
        identical = true;
        reasons.push(`${label} number equal after normalisation`);
      } else {
        numberOnly = true;
        const other = DOCUMENT_TYPE_LABELS[b.type];
        const detail = a.type === b.type ? 'issued by another country' : `recorded as ${other}`;
        reasons.push(`${label} number equal after normalisation, but ${detail}`);
      }
    }
  }
  return { identical, numberOnly, reasons: [...new Set(reasons)] };
}

/** Scores an existing person as a candidate duplicate of a draft, with the reasons. */
export function scorePersonMatch(
  draft: PersonForMatching,
  existing: PersonForMatching,
): PersonMatch {
  const documents = compareDocuments(draft, existing);
  const names = compareNames(draft, existing);
  const dates = compareDates(draft, existing);
  const nationalities = compareNationalities(draft, existing);
  let score = NAME_WEIGHT * names.similarity + dates.points + nationalities.points;
  if (documents.numberOnly) score += DOCUMENT_NUMBER_ONLY_BONUS;
  if (documents.identical) score = Math.max(score, DOCUMENT_EQUAL_SCORE);
  score = Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
  const strength: MatchStrength =
    documents.identical || score >= STRONG_THRESHOLD
      ? 'strong'
      : score >= POSSIBLE_THRESHOLD
        ? 'possible'
        : 'weak';
  return {
    score,
    strength,
    reasons: [...documents.reasons, ...names.reasons, ...dates.reasons, ...nationalities.reasons],
  };
}
