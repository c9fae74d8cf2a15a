/** What the cases service reads from the domain stream (AsyncAPI `receive` operations). */
import { type ConsumerContract, defineConsumer } from '../consumers';
import { companyMerged, companyUnmerged } from '../persons/company.contracts';
import { conveyanceMerged, conveyanceUnmerged } from '../persons/conveyance.contracts';
import { personMerged, personUnmerged } from '../persons/person.contracts';

export const casesSubjectMergesConsumer = defineConsumer({
  service: 'cases',
  purpose: 'subject-merges',
  description:
    'Re-points the parties and conveyances of cases when persons, companies or conveyances are ' +
    'merged, and restores them when a merge is undone.',
  events: [
    personMerged,
    personUnmerged,
    companyMerged,
    companyUnmerged,
    conveyanceMerged,
    conveyanceUnmerged,
  ],
});

export const caseConsumerContracts: readonly ConsumerContract[] = [casesSubjectMergesConsumer];
