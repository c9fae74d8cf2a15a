/** What the persons service reads from the domain stream (AsyncAPI `receive` operations). */
import { caseSubjectsLinked } from '../cases/case-subjects.contracts';
import { type ConsumerContract, defineConsumer } from '../consumers';
import { companyMerged, companyUnmerged } from './company.contracts';
import { conveyanceMerged, conveyanceUnmerged } from './conveyance.contracts';
import { personMerged, personUnmerged } from './person.contracts';

export const personsCaseLinksConsumer = defineConsumer({
  service: 'persons',
  purpose: 'case-links',
  description:
    'Counts the cases naming each person, company and conveyance, keeps when each was last seen, ' +
    'and raises watchlist hits for subjects with an active alert.',
  events: [caseSubjectsLinked],
});

export const personsAlertMergesConsumer = defineConsumer({
  service: 'persons',
  purpose: 'alert-merges',
  description:
    "Moves a merged subject's alerts to the survivor, and back when the merge is undone " +
    '(its own merge events).',
  events: [
    personMerged,
    personUnmerged,
    companyMerged,
    companyUnmerged,
    conveyanceMerged,
    conveyanceUnmerged,
  ],
});

export const personConsumerContracts: readonly ConsumerContract[] = [
  personsCaseLinksConsumer,
  personsAlertMergesConsumer,
];
