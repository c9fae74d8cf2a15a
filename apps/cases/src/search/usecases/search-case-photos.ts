import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type searchCasePhotos,
  DomainRefusal,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { CaseSearchStore } from './ports';
import { scopedQuery } from './search-scope';

export type SearchCasePhotosCommand = HandlerRequestOf<typeof searchCasePhotos> & {
  readonly context: RequestContext;
};

const invalidCursor = () =>
  DomainRefusal.validation('The cursor is not one this service gave for a photo search', [
    { path: 'cursor', reason: 'not a cursor from a previous page', code: 'invalid_cursor' },
  ]);

/**
 * The photos and X-ray images of the cases the principal may read, by kind and caption, within the
 * cases matching the case filters: a page of cases at a time, each with its matching photos.
 */
@Injectable()
export class SearchCasePhotos {
  constructor(private readonly store: CaseSearchStore) {}

  async execute(
    command: SearchCasePhotosCommand,
  ): Promise<HandlerReplyOf<typeof searchCasePhotos>> {
    const { kind, caption, limit, cursor, context, ...filter } = command;
    const query = scopedQuery(filter, context);
    const after = cursor === undefined ? undefined : decodePhotoCursor(cursor);
    const page = await this.store.photos(
      query,
      { ...(kind ? { kind } : {}), ...(caption ? { caption } : {}) },
      limit,
      after,
    );
    return {
      items: page.found,
      total: page.total,
      ...(page.lastCaseId ? { nextCursor: encodePhotoCursor(page.lastCaseId) } : {}),
    };
  }
}

function encodePhotoCursor(caseId: string): string {
  return Buffer.from(JSON.stringify(['photos', caseId])).toString('base64url');
}

function decodePhotoCursor(cursor: string): string {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parts) || parts[0] !== 'photos' || typeof parts[1] !== 'string') {
    throw invalidCursor();
  }
  return parts[1];
}
