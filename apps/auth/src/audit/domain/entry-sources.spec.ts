import { buildEvent, caseCreated, webhookDeliveryDelivered } from '@opencen/contracts';

import { auditedKindOf, entryOfEvent } from './entry-sources';

const delivered = (format: 'case-exchange' | 'cloudevent') =>
  buildEvent(webhookDeliveryDelivered, {
    subject: 'wh_abcdefgh12/e-1',
    data: {
      subscriptionId: 'wh_abcdefgh12',
      eventId: '8d7c3e0b-1f8e-4d5b-9a44-1d0f0b6a7e11',
      eventType: 'cases.case.validated.v1',
      format,
      caseId: 'case-9',
      status: 'delivered',
      attempts: 1,
      responseStatus: 200,
      version: 2,
    },
    correlationId: 'c-1',
    actor: 'notifications',
  });

describe('entryOfEvent', () => {
  it('records a case transferred by a case-exchange webhook as a disclosure of that case', () => {
    expect(auditedKindOf(webhookDeliveryDelivered)).toBe('case');
    expect(entryOfEvent(webhookDeliveryDelivered, delivered('case-exchange'))).toMatchObject({
      action: 'disclosure',
      operation: 'notifications.webhook-delivery.delivered.v1',
      actor: { sub: 'notifications' },
      records: [{ kind: 'case', id: 'case-9' }],
      criteria: { webhook: 'wh_abcdefgh12', event: '8d7c3e0b-1f8e-4d5b-9a44-1d0f0b6a7e11' },
    });
  });

  it('records nothing for a delivery of the event itself, and a write as before', () => {
    expect(entryOfEvent(webhookDeliveryDelivered, delivered('cloudevent'))).toBeNull();
    const created = buildEvent(caseCreated, {
      subject: 'case-1',
      data: {
        caseId: 'case-1',
        number: 'FRA-CDG-2026-1',
        office: 'FRA-CDG',
        type: 'seizure',
        status: 'draft',
        version: 1,
        classification: 'restricted',
        subjects: [],
      },
      correlationId: 'c-2',
      actor: 'u-1',
    });
    expect(entryOfEvent(caseCreated, created)).toMatchObject({
      action: 'collection',
      records: [{ kind: 'case', id: 'case-1' }],
    });
  });
});
