import { Injectable } from '@nestjs/common';
import {
  type PersonCandidate,
  type PersonDraft,
  type Principal,
  mayRead,
  readableClassifications,
} from '@opencen/contracts';

import { type PersonMatch, scorePersonMatch } from '../domain/matching';
import { forMatching, searchKeysOf } from '../domain/person';
import { type CandidateRule } from '../../office-records/usecases/office-records';
import { MatchingOptions } from '../../office-records/usecases/ports';
import { PersonRepository } from './ports';

/** Best first; equal scores in id order, so that the answer is stable. */
function bestFirst<T extends PersonMatch>(matches: T[], idOf: (match: T) => string): T[] {
  return matches.sort((a, b) => b.score - a.score || idOf(a).localeCompare(idOf(b)));
}

const worthALook = (match: PersonMatch) => match.strength !== 'weak';

/**
 * The persons already known who may be the one a draft describes: those sharing a blocking key
 * with it, scored by the matching core, best first. Weak ones are left out: they share a key but
 * not enough to be worth an officer's time; so are those above the reader's clearance.
 */
@Injectable()
export class CandidateSearch implements CandidateRule<PersonDraft, PersonCandidate> {
  constructor(
    private readonly persons: PersonRepository,
    private readonly options: MatchingOptions,
  ) {}

  async find(draft: PersonDraft, limit: number, reader: Principal): Promise<PersonCandidate[]> {
    const keys = searchKeysOf(draft).blockingKeys;
    if (keys.length === 0) return [];
    const wanted = forMatching(draft);
    // Up to maxCandidatesScored are scored but only `limit` answered: scoring what the index holds
    // saves reading from the store every candidate that is then left out.
    const indexed = await this.persons.matchCandidates(
      keys,
      this.options.maxCandidatesScored,
      readableClassifications(reader),
    );
    const ranked = bestFirst(
      indexed
        .map((person) => ({ id: person.id, ...scorePersonMatch(wanted, person.forMatching) }))
        .filter(worthALook),
      (match) => match.id,
    );
    // The index follows the store within PERSONS_SEARCHABLE_WITHIN_MS, and the answer must
    // describe each person as stored: the chosen ones are read from the store and scored again,
    // those merged meanwhile or now weak are left out, and the next ones of the index fill in.
    const candidates: PersonCandidate[] = [];
    for (let next = 0; candidates.length < limit && next < ranked.length;) {
      const chosen = ranked.slice(next, next + limit - candidates.length);
      next += chosen.length;
      const stored = await this.persons.findEachById(chosen.map((match) => match.id));
      candidates.push(
        ...stored
          .filter((person) => mayRead(reader, person.classification))
          .map((person) => ({ person, ...scorePersonMatch(wanted, forMatching(person)) }))
          .filter(worthALook),
      );
    }
    return bestFirst(candidates, (candidate) => candidate.person.id);
  }
}
