import { normaliseIdentifier } from '../../../office-records/domain/normalisation/identifiers';
import { nameTokens, significantTokens } from '../../../office-records/domain/normalisation/names';
import { parsePartialDate } from './partial-date';
import { type PersonForMatching } from './person';
import { phoneticKey } from '../../../office-records/domain/normalisation/phonetic';

/**
 * Blocking keys: short strings stored with each person in an ordinary indexed array field, so that
 * candidates for a draft are the persons sharing at least one key with it (`{ blockingKeys: { $in:
 * personBlockingKeys(draft) } }`), with no text index. Recall first; the score sorts them out.
 *
 * - `np:<key>+<key>`: the phonetic keys of two name tokens, sorted, for every pair across the
 *   name and each alias. A pair rather than a single token keeps buckets small at a million persons
 *   (everyone called MHMT is one bucket; MHMT+HSN is a few), and sorting makes swapped given and
 *   family names meet.
 * - `ny:<key>:<year>`: one name token's phonetic key with the birth year, for persons known by a
 *   single name or whose other names are misspelt beyond the phonetic key.
 * - `n:<key>`: a single-token name alone (no pair exists), so that it can be found at all.
 * - `doc:<number>`: each document number after normalisation, whatever its type and country
 *   (an officer may get the type wrong; the score checks them).
 */
export function personBlockingKeys(person: PersonForMatching): string[] {
  const keys = new Set<string>();
  const year = person.dateOfBirth ? parsePartialDate(person.dateOfBirth)?.year : undefined;
  const names = [{ family: person.family, given: person.given }, ...(person.aliases ?? [])];
  for (const name of names) {
    const tokens = significantTokens([...nameTokens(name.family), ...nameTokens(name.given)]);
    const phonetic = [...new Set(tokens.map((t) => phoneticKey(t.token)))].sort();
    for (let i = 0; i < phonetic.length; i += 1) {
      for (let j = i + 1; j < phonetic.length; j += 1) keys.add(`np:${phonetic[i]}+${phonetic[j]}`);
      if (year !== undefined) keys.add(`ny:${phonetic[i]}:${year}`);
    }
    if (phonetic.length === 1) keys.add(`n:${phonetic[0]}`);
  }
  for (const document of person.documents ?? []) {
    const number = normaliseIdentifier(document.number);
    if (number) keys.add(`doc:${number}`);
  }
  return [...keys].sort();
}
