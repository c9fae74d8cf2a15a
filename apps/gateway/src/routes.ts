import { alertRoutes } from './alerts/alerts.routes';
import { auditRoutes } from './audit/audit.routes';
import { caseRoutes } from './cases/cases.routes';
import { caseExchangeRoutes } from './cases/exchange.routes';
import { casePhotoRoutes } from './cases/photos.routes';
import { caseSearchRoutes } from './cases/search.routes';
import { companyRoutes } from './companies/companies.routes';
import { conversationRoutes } from './conversations/conversations.routes';
import { conveyanceRoutes } from './conveyances/conveyances.routes';
import { type ContractRoute } from './http/contract-route';
import { linkRoutes } from './links/links.routes';
import { notificationRoutes } from './notifications/notifications.routes';
import { personRoutes } from './persons/persons.routes';
import { referenceRoutes } from './reference/reference.routes';
import { ruleRoutes } from './rules/rules.routes';
import { userRoutes } from './users/users.routes';
import { webhookRoutes } from './webhooks/webhooks.routes';

/**
 * Every route of the gateway's API, in the order they are documented. The same table is served
 * (contract-routes.controller.ts, most specific path first whatever this order) and documented
 * (openapi-document.ts).
 */
export const contractRoutes: readonly ContractRoute[] = [
  ...Object.values(referenceRoutes),
  ...Object.values(personRoutes),
  ...Object.values(companyRoutes),
  ...Object.values(conveyanceRoutes),
  ...Object.values(alertRoutes),
  ...Object.values(caseRoutes),
  ...Object.values(caseSearchRoutes),
  ...Object.values(linkRoutes),
  ...Object.values(caseExchangeRoutes),
  ...Object.values(casePhotoRoutes),
  ...Object.values(userRoutes),
  ...Object.values(auditRoutes),
  ...Object.values(notificationRoutes),
  ...Object.values(conversationRoutes),
  ...Object.values(ruleRoutes),
  ...Object.values(webhookRoutes),
];
