import { type CaseSearchFilter, type CaseSortField, DomainRefusal } from '@opencen/contracts';

import { type CaseReadScope } from '../../cases/domain/case-workflow';
import { normaliseWords } from '../../cases/domain/dimensions';

/**
 * What search and statistics look for, in the terms of the stored case: an instant range instead
 * of days, keywords normalised as they are stored, and the principal's read scope.
 */
export interface CaseQuery {
  readonly scope: CaseReadScope;
  /** Detected at or after. */
  readonly detectedFrom?: Date;
  /** Detected strictly before (the day after a `detectedTo` day, or 1 ms after an instant). */
  readonly detectedBefore?: Date;
  readonly office?: string;
  readonly status?: string;
  readonly type?: string;
  readonly commodityCategory?: string;
  readonly hsPrefix?: string;
  readonly country?: string;
  readonly detectionMethod?: string;
  readonly concealmentMethod?: string;
  readonly partyId?: string;
  readonly conveyanceId?: string;
  /** The words of the text, normalised: every one must be found in the case's free text. */
  readonly words?: readonly string[];
  /** The text as given, for the search engine's own analysis of each language. */
  readonly text?: string;
}

/** Shorter words are not searched for (articles, units). */
const MIN_WORD_LENGTH = 3;
const DAY_MS = 24 * 60 * 60 * 1000;
const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** The query of a filter; a range that ends before it starts or a text without words is refused. */
export function caseQueryOf(filter: CaseSearchFilter, scope: CaseReadScope): CaseQuery {
  const { detectedFrom, detectedTo, text, ...equalities } = filter;
  const from = detectedFrom === undefined ? undefined : new Date(detectedFrom);
  const before =
    detectedTo === undefined
      ? undefined
      : new Date(new Date(detectedTo).getTime() + (isDay(detectedTo) ? DAY_MS : 1));
  if (from && before && before.getTime() <= from.getTime()) {
    throw DomainRefusal.validation('The detection range ends before it starts', [
      { path: 'detectedTo', reason: 'is before detectedFrom', code: 'invalid_range' },
    ]);
  }
  let words: string[] | undefined;
  if (text !== undefined) {
    words = [...new Set(normaliseWords(text))].filter((word) => word.length >= MIN_WORD_LENGTH);
    if (words.length === 0) {
      throw DomainRefusal.validation('The text has no word to look for', [
        {
          path: 'text',
          reason: `needs a word of at least ${MIN_WORD_LENGTH} letters or digits`,
          code: 'too_small',
        },
      ]);
    }
  }
  const defined = Object.fromEntries(
    Object.entries(equalities).filter(([, value]) => value !== undefined),
  );
  return {
    scope,
    ...defined,
    ...(from ? { detectedFrom: from } : {}),
    ...(before ? { detectedBefore: before } : {}),
    ...(words ? { words, text: searchedText(text!) } : {}),
  };
}

/** The words of a text that are searched for, as written (accents and case are the index's job). */
function searchedText(text: string): string {
  return text
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((word) => word.normalize('NFKD').replace(/\p{M}/gu, '').length >= MIN_WORD_LENGTH)
    .join(' ');
}

/** How a page is ordered, and where the previous page stopped. */
export interface CaseOrder {
  readonly field: CaseSortField;
  readonly direction: 'asc' | 'desc';
}

/**
 * The sort key and id of the last case of a page. The detection date is null for drafts not yet
 * dated: they come after every dated case when descending, before when ascending.
 */
export interface CasePosition {
  readonly value: Date | string | null;
  readonly id: string;
}

const invalidCursor = () =>
  DomainRefusal.validation('The cursor is not one this service gave for this sort', [
    {
      path: 'cursor',
      reason: 'not a cursor from a previous page of this sort',
      code: 'invalid_cursor',
    },
  ]);

/** An opaque cursor: the sort it belongs to, the sort key of the last case, and its id. */
export function encodeCursor(order: CaseOrder, position: CasePosition): string {
  const value = position.value instanceof Date ? position.value.toISOString() : position.value;
  return Buffer.from(JSON.stringify([order.field, order.direction, value, position.id])).toString(
    'base64url',
  );
}

/** The position in a cursor; refused when it is not one of ours or was made for another sort. */
export function decodeCursor(cursor: string, order: CaseOrder): CasePosition {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parts) || parts.length !== 4) throw invalidCursor();
  const [field, direction, value, id] = parts as unknown[];
  if (field !== order.field || direction !== order.direction || typeof id !== 'string') {
    throw invalidCursor();
  }
  if (field === 'number') {
    if (typeof value !== 'string') throw invalidCursor();
    return { value, id };
  }
  if (value === null && field === 'detectedAt') return { value: null, id };
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw invalidCursor();
  return { value: date, id };
}
