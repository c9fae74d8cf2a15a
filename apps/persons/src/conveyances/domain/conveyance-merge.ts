import {
  CONVEYANCE_FILLABLE_FIELDS,
  type Conveyance,
  type ConveyanceMerge,
  DomainRefusal,
} from '@opencen/contracts';

import {
  type MergeKind,
  assertWithinLimits,
  lackingDetails,
  missing,
  without,
  withoutFilled,
} from '../../office-records/domain/record-merge';

/**
 * Merging two means of conveyance of the same type (the rules of every merge are in
 * office-records/domain/record-merge): the survivor gains the merged one's owner and operator links and
 * the identifiers and details it lacked. An identifier both hold stays the survivor's; the merged
 * one's stays on the merged record, whose id resolves to the survivor.
 */

/** The contract's limits on the lists a merge grows. */
const LIMITS = { links: 50 } as const;

export const conveyanceMergeKind: MergeKind<Conveyance, ConveyanceMerge> = {
  noun: 'conveyance',
  assertCompatible(survivor, merged) {
    if (survivor.type !== merged.type) {
      throw DomainRefusal.validation('Only conveyances of the same type merge', [
        {
          path: 'mergedId',
          reason: `a ${merged.type}, not a ${survivor.type} like the survivor`,
          code: 'type_differs',
        },
      ]);
    }
  },
  gain(survivor, merged) {
    const filled = lackingDetails(
      survivor,
      merged,
      CONVEYANCE_FILLABLE_FIELDS,
    ) as ConveyanceMerge['added']['filled'];
    const added: ConveyanceMerge['added'] = {
      links: missing(
        survivor.links,
        merged.links,
        (link) => `${link.subjectType}|${link.subjectId}|${link.role}`,
      ),
      filled,
    };
    const next: Conveyance = {
      ...survivor,
      ...filled,
      links: [...survivor.links, ...added.links],
    };
    assertWithinLimits('conveyance', next, LIMITS);
    return { next, added };
  },
  lose(survivor, added) {
    return withoutFilled<Conveyance>(
      { ...survivor, links: without(survivor.links, added.links) },
      added.filled,
    );
  },
};
