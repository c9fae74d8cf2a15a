import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  caseAssigned,
  caseClosed,
  caseCreated,
  caseRejected,
  caseReopened,
  caseSubjectsLinked,
  caseSubmitted,
  caseUpdated,
  caseValidated,
  companyCreated,
  companyUpdated,
  conveyanceCreated,
  conveyanceUpdated,
  notificationsRulesConsumer,
  personCreated,
  personUpdated,
} from '@opencen/contracts';
import { EventBus, onEvent } from '@opencen/nest-kit';

import { InboxConsumerOptions } from '../inbox/inbox-events.consumer';
import { type RecordType } from './domain/rule';
import { EvaluateRules } from './usecases/evaluate-rules';

/** The durable consumer of the record events the rules are evaluated on (`notifications-rules`). */
export const RULES_CONSUMER = notificationsRulesConsumer.durable;

/** Events evaluated at once: each is a request to cases or persons. */
const RULES_PARALLEL = 4;

/**
 * Time an evaluation has before its event is redelivered: the record's service waits up to 5 s for
 * its index, then runs a batch of searches (NatsSavedSearchMatcher's 30 s), per batch of rules.
 */
const RULES_ACK_WAIT_MS = 120_000;

/**
 * The events that create or change a case (created, updated, each status transition, assigned,
 * subjects linked) and a person, company or conveyance (created, updated) are evaluated against
 * the enabled rules of their kind. A failure (a service that does not answer, an index behind
 * its events) fails the event, which JetStream redelivers: never skipped. Evaluating an event
 * again tells nobody twice (the match keys and the notifications' ids), so no handled-event
 * records are kept.
 */
@Injectable()
export class RuleEventsConsumer implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly evaluate: EvaluateRules,
    @Inject(InboxConsumerOptions) private readonly options: InboxConsumerOptions,
  ) {}

  onModuleInit(): void {
    const on = (type: RecordType) => async (event: { id: string; actor: string }, id: string) => {
      await this.evaluate.execute({ type, id }, { eventId: event.id, actor: event.actor });
    };
    const onCase = on('case');
    this.events.consume({
      durable: `${RULES_CONSUMER}${this.options.suffix}`,
      declared: notificationsRulesConsumer,
      fromNow: this.options.fromNow,
      parallel: RULES_PARALLEL,
      ackWaitMs: RULES_ACK_WAIT_MS,
      // Redelivered (with backoff) until the services answer: an evaluation is never skipped.
      maxDeliver: -1,
      idempotent: true,
      handlers: [
        ...[
          caseCreated,
          caseUpdated,
          caseSubmitted,
          caseValidated,
          caseRejected,
          caseClosed,
          caseReopened,
          caseAssigned,
        ].map((contract) =>
          onEvent(contract, (event) => onCase(event, (event.data as { caseId: string }).caseId)),
        ),
        onEvent(caseSubjectsLinked, (event) => onCase(event, event.data.caseId)),
        onEvent(personCreated, (event) => on('person')(event, event.data.personId)),
        onEvent(personUpdated, (event) => on('person')(event, event.data.personId)),
        onEvent(companyCreated, (event) => on('company')(event, event.data.companyId)),
        onEvent(companyUpdated, (event) => on('company')(event, event.data.companyId)),
        onEvent(conveyanceCreated, (event) => on('conveyance')(event, event.data.conveyanceId)),
        onEvent(conveyanceUpdated, (event) => on('conveyance')(event, event.data.conveyanceId)),
      ],
    });
  }
}
