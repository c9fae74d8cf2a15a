/**
 * @opencen/contracts: the conventions of ARCHITECTURE.md as code. Subjects, the error envelope,
 * the principal header, request-reply and event contracts (zod, with inferred types), the catalog
 * of every contract, and the generator that publishes them as JSON Schema and AsyncAPI.
 */
export * from './subjects';
export * from './errors';
export * from './classification';
export * from './principal';
export * from './roles';
export * from './json-schema';
export * from './schema-rules';
export * from './requests';
export * from './events';
export * from './tolerant-reader';
export * from './consumers';
export * from './catalog';
export * from './generate';
export * from './compatibility';
export * from './reference/reference.contracts';
export * from './persons/person.contracts';
export * from './persons/alert.contracts';
export * from './persons/office-record.contracts';
export * from './persons/company.contracts';
export * from './persons/conveyance.contracts';
export * from './persons/saved-search.contracts';
export * from './cases/case-subjects.contracts';
export * from './cases/case.contracts';
export * from './cases/case-minimum';
export * from './cases/case-workflow.contracts';
export * from './cases/case-photo.contracts';
export * from './cases/case-search.contracts';
export * from './cases/case-links.contracts';
export * from './cases/case-exchange.contracts';
export * from './auth/audit.contracts';
export * from './auth/user.contracts';
export * from './notifications/notification.contracts';
export * from './notifications/conversation.contracts';
export * from './cases/case.consumers';
export * from './persons/person.consumers';
export * from './notifications/notification.consumers';
export * from './notifications/conversation.consumers';
export * from './notifications/rule.contracts';
export * from './notifications/rule.consumers';
export * from './notifications/webhook.contracts';
export * from './chunked-upload';
export * from './idempotency';
