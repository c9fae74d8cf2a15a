import { type Company, type CompanyMerge } from '@opencen/contracts';

import {
  type MergeKind,
  assertWithinLimits,
  canonical,
  lackingDetails,
  missing,
  without,
  withoutFilled,
} from '../../office-records/domain/record-merge';
import { normaliseCompanyName } from './company';

/**
 * Merging two companies (the rules of every merge are in office-records/domain/record-merge): the
 * survivor keeps both sets of names (a name equal after normalisation is kept once), and gains the
 * merged company's addresses, linked persons, and the numbers and activity it lacked.
 */

const FILLABLE = [
  'registrationNumber',
  'taxNumber',
  'vatNumber',
  'eoriNumber',
  'activity',
] as const;

/** The contract's limits on the lists a merge grows. */
const LIMITS = { names: 20, addresses: 10, linkedPersons: 100 } as const;

export const companyMergeKind: MergeKind<Company, CompanyMerge> = {
  noun: 'company',
  gain(survivor, merged) {
    const filled = lackingDetails(survivor, merged, FILLABLE) as CompanyMerge['added']['filled'];
    const added: CompanyMerge['added'] = {
      names: missing(survivor.names, merged.names, (n) => normaliseCompanyName(n.name)),
      addresses: missing(survivor.addresses, merged.addresses, canonical),
      linkedPersons: missing(
        survivor.linkedPersons,
        merged.linkedPersons,
        (link) => `${link.personId}|${link.role}`,
      ),
      filled,
    };
    const next: Company = {
      ...survivor,
      ...filled,
      names: [...survivor.names, ...added.names],
      addresses: [...survivor.addresses, ...added.addresses],
      linkedPersons: [...survivor.linkedPersons, ...added.linkedPersons],
    };
    assertWithinLimits('company', next, LIMITS);
    return { next, added };
  },
  lose(survivor, added) {
    return withoutFilled<Company>(
      {
        ...survivor,
        names: without(survivor.names, added.names),
        addresses: without(survivor.addresses, added.addresses),
        linkedPersons: without(survivor.linkedPersons, added.linkedPersons),
      },
      added.filled,
    );
  },
};
