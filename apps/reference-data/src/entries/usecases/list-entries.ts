import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type ReferenceList,
  type listReferenceEntries,
} from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { searchWords } from '../domain/keywords';
import { entryView } from './entry-views';
import { EntryRepository } from './ports';

export type ListEntriesQuery = HandlerRequestOf<typeof listReferenceEntries>;
export type EntryPage = HandlerReplyOf<typeof listReferenceEntries>;

/**
 * A page of a list in code order, filtered by text (the start of any word of the code or of a label
 * in any language) and by validity on a day. Deprecated entries are left out unless asked for.
 */
@Injectable()
export class ListEntries {
  constructor(private readonly entries: EntryRepository) {}

  async execute(query: ListEntriesQuery): Promise<EntryPage> {
    const afterCode =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.list);
    const words = query.text === undefined ? [] : searchWords(query.text);
    // A text with no letter or digit in it ("--") cannot match any word.
    if (query.text !== undefined && words.length === 0) return { items: [] };
    const found = await this.entries.findPage({
      list: query.list,
      words,
      activeAt: query.activeAt,
      includeDeprecated: query.includeDeprecated,
      afterCode,
      limit: query.limit + 1, // one more tells whether there is a next page
    });
    const items = found.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map((entry) => entryView(entry, query.language)),
      ...(found.length > query.limit && last
        ? { nextCursor: encodeCursor(query.list, last.code) }
        : {}),
    };
  }
}

interface Cursor {
  list: ReferenceList;
  after: string;
}

/** Opaque to callers, so that the paging scheme may change without breaking them. */
function encodeCursor(list: ReferenceList, after: string): string {
  return Buffer.from(JSON.stringify({ list, after } satisfies Cursor)).toString('base64url');
}

function decodeCursor(cursor: string, list: ReferenceList): string {
  let decoded: Partial<Cursor> | undefined;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    decoded = undefined;
  }
  if (decoded?.list !== list || typeof decoded.after !== 'string') {
    throw ServiceError.validation('The cursor does not belong to this list', [
      {
        path: 'cursor',
        reason: `not a cursor of a ${list} listing; start again without a cursor`,
        code: 'invalid_cursor',
      },
    ]);
  }
  return decoded.after;
}
