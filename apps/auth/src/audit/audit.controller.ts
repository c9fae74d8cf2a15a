import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  auditRecordTrail,
  auditUserActivity,
  verifyAuditChain,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext, requireRole } from '@opencen/nest-kit';

import { QueryAudit } from './usecases/query-audit';
import { VerifyChain } from './usecases/verify-chain';

/** The `auth.audit.*` subjects: auditors only, and nothing an auditor asks is shown to anyone else. */
@Controller()
export class AuditController {
  constructor(
    private readonly queryAudit: QueryAudit,
    private readonly verifyChain: VerifyChain,
  ) {}

  @HandleRequest(auditRecordTrail)
  recordTrail(
    request: HandlerRequestOf<typeof auditRecordTrail>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof auditRecordTrail>> {
    requireRole(context, 'auditors', 'Reading the audit trail');
    return this.queryAudit.recordTrail(request);
  }

  @HandleRequest(auditUserActivity)
  userActivity(
    request: HandlerRequestOf<typeof auditUserActivity>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof auditUserActivity>> {
    requireRole(context, 'auditors', 'Reading the audit trail');
    return this.queryAudit.userActivity(request);
  }

  @HandleRequest(verifyAuditChain)
  verify(
    request: HandlerRequestOf<typeof verifyAuditChain>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof verifyAuditChain>> {
    requireRole(context, 'auditors', 'Verifying the audit trail');
    return this.verifyChain.execute({ from: request.from, limit: request.limit });
  }
}
