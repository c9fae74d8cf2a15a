import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type SubjectRef,
  type SubjectType,
  type getCaseLinks,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { CaseLinksStore } from './ports';
import { scopedQuery } from './search-scope';

export type GetCaseLinksCommand = HandlerRequestOf<typeof getCaseLinks> & {
  readonly context: RequestContext;
};

type Reply = HandlerReplyOf<typeof getCaseLinks>;

/** A subject as the cases index keys it: `person:<id>`. */
export const subjectKeyOf = ({ subjectType, subjectId }: SubjectRef) =>
  `${subjectType}:${subjectId}`;

/** The subject of an index key; the id may itself hold a colon, the type never does. */
export function subjectOfKey(key: string): SubjectRef {
  const colon = key.indexOf(':');
  return {
    subjectType: key.slice(0, colon) as SubjectType,
    subjectId: key.slice(colon + 1),
  };
}

/**
 * A subject's network from the cases the principal may read: hop by hop, the cases naming the
 * subjects reached so far (and not already in the network), and the subjects those cases name.
 * Each hop is one bounded query of the cases index, so a subject named in thousands of cases
 * costs no more than one in three; `truncated` tells the caller the network is not whole.
 */
@Injectable()
export class GetCaseLinks {
  constructor(private readonly store: CaseLinksStore) {}

  async execute({ subject, depth, casesPerHop, context }: GetCaseLinksCommand): Promise<Reply> {
    const query = scopedQuery({}, context);
    const subjects = new Map<string, number>([[subjectKeyOf(subject), 0]]);
    const cases = new Map<string, Reply['cases'][number]>();
    const links: Reply['links'] = [];
    let truncated = false;
    let frontier = [subjectKeyOf(subject)];
    for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
      const { found, total } = await this.store.naming(
        query,
        frontier,
        [...cases.keys()],
        casesPerHop,
      );
      if (total > found.length) truncated = true;
      const next: string[] = [];
      for (const { summary, subjectKeys } of found) {
        cases.set(summary.id, {
          id: summary.id,
          number: summary.number,
          type: summary.type,
          status: summary.status,
          ...(summary.detectedAt ? { detectedAt: summary.detectedAt } : {}),
          hop,
        });
        for (const key of subjectKeys) {
          links.push({ caseId: summary.id, ...subjectOfKey(key) });
          if (!subjects.has(key)) {
            subjects.set(key, hop);
            next.push(key);
          }
        }
      }
      frontier = next;
    }
    return {
      subject,
      cases: [...cases.values()],
      subjects: [...subjects].map(([key, hop]) => ({ ...subjectOfKey(key), hop })),
      links,
      truncated,
    };
  }
}
