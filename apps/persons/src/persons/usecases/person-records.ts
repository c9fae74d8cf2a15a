import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type Person,
  type PersonCandidate,
  type PersonDraft,
  type PersonMerge,
  type matchPersons,
  type searchPersons,
  type Principal,
  mayRead,
  readableClassifications,
} from '@opencen/contracts';
import { type RequestContext, Clock, IdGenerator, ServiceError } from '@opencen/nest-kit';

import { normaliseIdentifier } from '../../office-records/domain/normalisation';
import { requireReader } from '../../office-records/usecases/access';
import { OfficeRecords } from '../../office-records/usecases/office-records';
import { MatchingOptions, ReferenceCodes } from '../../office-records/usecases/ports';
import { scorePersonMatch } from '../domain/matching';
import { forMatching, nameQueryOf } from '../domain/person';
import { personKind } from '../domain/person-kind';
import { CandidateSearch } from './candidates';
import { PersonRepository } from './ports';

export type MatchPersonsCommand = HandlerRequestOf<typeof matchPersons> & {
  readonly context: RequestContext;
};
export type SearchPersonsCommand = HandlerRequestOf<typeof searchPersons> & {
  readonly context: RequestContext;
};

/** Where the previous page stopped: the rank (score, then id) of its last person. */
interface Position {
  readonly score: number;
  readonly id: string;
}

interface Ranked {
  readonly person: Person;
  readonly score: number;
}

/**
 * The persons database: the kernel's use cases for persons, whose candidates on create are found
 * by the matching core (CandidateSearch), the match of a description, and the search of persons.
 */
@Injectable()
export class PersonRecords extends OfficeRecords<
  'person',
  Person,
  PersonDraft,
  PersonMerge,
  PersonCandidate
> {
  constructor(
    private readonly persons: PersonRepository,
    private readonly candidateSearch: CandidateSearch,
    reference: ReferenceCodes,
    private readonly options: MatchingOptions,
    clock: Clock,
    ids: IdGenerator,
  ) {
    super(personKind, persons, candidateSearch, reference, clock, ids);
  }

  /** Who the service already knows who may be the person described; reads only. */
  async match(command: MatchPersonsCommand): Promise<HandlerReplyOf<typeof matchPersons>> {
    const reader = requireReader(command.context);
    return { candidates: await this.candidateSearch.find(command.draft, command.limit, reader) };
  }

  /**
   * By name, fuzzily and in any script (the query is normalised and transliterated like stored
   * names, found by its phonetic keys or its words as written or in Latin, and ranked by the
   * matching score), or exactly by document number after normalisation; both together rank the
   * document's holders by name. Ranking is done on at most `maxCandidatesScored` persons, the
   * ones the search index finds closest.
   */
  async search(command: SearchPersonsCommand): Promise<HandlerReplyOf<typeof searchPersons>> {
    const reader = requireReader(command.context);
    const after = command.cursor === undefined ? undefined : decodeCursor(command.cursor);
    // The index may lag a reclassification: the store's classification decides.
    const ranked = (await this.ranked(command.name, command.documentNumber, reader)).filter(
      (item) => mayRead(reader, item.person.classification),
    );
    const rest = after ? ranked.filter((item) => comesAfter(item, after)) : ranked;
    const page = rest.slice(0, command.limit);
    const last = page.at(-1);
    return {
      items: page.map((item) => item.person),
      ...(rest.length > command.limit && last
        ? { nextCursor: encodeCursor({ score: last.score, id: last.person.id }) }
        : {}),
    };
  }

  private async ranked(
    name: string | undefined,
    documentNumber: string | undefined,
    reader: Principal,
  ): Promise<Ranked[]> {
    const max = this.options.maxCandidatesScored;
    const readable = readableClassifications(reader);
    let found: Person[];
    if (documentNumber !== undefined) {
      const number = normaliseIdentifier(documentNumber);
      found = number ? await this.persons.findByDocumentNumber(number, max, readable) : [];
    } else {
      const query = nameQueryOf(name ?? '');
      found = query.keys.length > 0 ? await this.persons.findByName(query, max, readable) : [];
    }
    const ranked = found.flatMap((person): Ranked[] => {
      if (name === undefined) return [{ person, score: 0 }];
      const match = scorePersonMatch({ family: name }, forMatching(person));
      // Weak: it shares a phonetic key, and little else.
      return match.strength === 'weak' ? [] : [{ person, score: match.score }];
    });
    return ranked.sort((a, b) => b.score - a.score || a.person.id.localeCompare(b.person.id));
  }
}

function comesAfter(item: Ranked, position: Position): boolean {
  if (item.score !== position.score) return item.score < position.score;
  return item.person.id.localeCompare(position.id) > 0;
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.score, position.id])).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const [score, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (typeof score === 'number' && typeof id === 'string') return { score, id };
  } catch {
    // Falls through to the error below.
  }
  throw ServiceError.validation('The cursor is not one this service gave', [
    { path: 'cursor', reason: 'not a cursor from a previous page', code: 'invalid_cursor' },
  ]);
}
