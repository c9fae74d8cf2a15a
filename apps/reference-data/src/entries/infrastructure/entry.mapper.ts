import { type Entry, entryId } from '../domain/entry';
import { keywordsOf } from '../domain/keywords';
import { type EntryDocument } from './entry.schema';

/** The stored fields of an entry, without its pending events. */
export type EntryFields = Omit<EntryDocument, 'outbox'>;

export function toDocument(entry: Entry, revision: number): EntryFields {
  return {
    _id: entryId(entry.list, entry.code),
    list: entry.list,
    code: entry.code,
    labels: entry.labels,
    attributes: entry.attributes,
    validFrom: entry.validFrom,
    ...(entry.validTo === undefined ? {} : { validTo: entry.validTo }),
    deprecated: entry.deprecated,
    ...(entry.replacedBy === undefined ? {} : { replacedBy: entry.replacedBy }),
    version: entry.version,
    revision,
    keywords: keywordsOf(entry.code, entry.labels),
    updatedAt: entry.updatedAt,
  };
}

/** Reads a stored entry; absent and null optional fields are the same (MongoDB may hold either). */
export function toEntry(document: Omit<EntryFields, 'keywords' | 'revision'>): Entry {
  return {
    list: document.list,
    code: document.code,
    labels: withoutNulls(document.labels),
    attributes: document.attributes ?? {},
    validFrom: document.validFrom,
    ...(document.validTo == null ? {} : { validTo: document.validTo }),
    deprecated: document.deprecated,
    ...(document.replacedBy == null ? {} : { replacedBy: document.replacedBy }),
    version: document.version,
    updatedAt: document.updatedAt,
  };
}

function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field != null)) as T;
}
