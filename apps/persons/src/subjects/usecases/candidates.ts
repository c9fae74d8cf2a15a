import { Injectable } from '@nestjs/common';
import { type PersonCandidate, type PersonDraft } from '@opencen/contracts';

import { scorePersonMatch } from '../domain/matching';
import { forMatching, searchKeysOf } from '../domain/person';
import { MatchingOptions, PersonRepository } from './ports';

/**
 * The persons already known who may be the one a draft describes: those sharing a blocking key
 * with it, scored by the matching core, best first. Weak ones are left out: they share a key but
 * not enough to be worth an officer's time.
 */
@Injectable()
export class CandidateSearch {
  constructor(
    private readonly persons: PersonRepository,
    private readonly options: MatchingOptions,
  ) {}

  async find(draft: PersonDraft, limit: number): Promise<PersonCandidate[]> {
    const keys = searchKeysOf(draft).blockingKeys;
    if (keys.length === 0) return [];
    const found = await this.persons.findByBlockingKeys(keys, this.options.maxCandidatesScored);
    const wanted = forMatching(draft);
    return found
      .map((person) => ({ person, ...scorePersonMatch(wanted, forMatching(person)) }))
      .filter((candidate) => candidate.strength !== 'weak')
      .sort((a, b) => b.score - a.score || a.person.id.localeCompare(b.person.id))
      .slice(0, limit);
  }
}
