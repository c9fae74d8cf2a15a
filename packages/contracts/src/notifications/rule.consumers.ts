/** What the analytic rules of the notifications service read from the domain stream. */
import {
  caseAssigned,
  caseClosed,
  caseRejected,
  caseReopened,
  caseSubmitted,
  caseValidated,
} from '../cases/case-workflow.contracts';
import { caseSubjectsLinked } from '../cases/case-subjects.contracts';
import { caseCreated, caseUpdated } from '../cases/case.contracts';
import { type ConsumerContract, defineConsumer } from '../consumers';
import { companyCreated, companyUpdated } from '../persons/company.contracts';
import { conveyanceCreated, conveyanceUpdated } from '../persons/conveyance.contracts';
import { personCreated, personUpdated } from '../persons/person.contracts';

export const notificationsRulesConsumer = defineConsumer({
  service: 'notifications',
  purpose: 'rules',
  description:
    "Evaluates each new or changed case, person, company and conveyance against the enabled analytic rules of its kind (through the record's own service, as each rule's owner) and tells each rule's owner once per record.",
  events: [
    caseCreated,
    caseUpdated,
    caseSubmitted,
    caseValidated,
    caseRejected,
    caseClosed,
    caseReopened,
    caseAssigned,
    caseSubjectsLinked,
    personCreated,
    personUpdated,
    companyCreated,
    companyUpdated,
    conveyanceCreated,
    conveyanceUpdated,
  ],
});

export const ruleConsumerContracts: readonly ConsumerContract[] = [notificationsRulesConsumer];
