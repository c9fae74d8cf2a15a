import { Injectable } from '@nestjs/common';
import { type AuditVerification } from '@opencen/contracts';
import { Clock } from '@opencen/nest-kit';

import { verifyChain } from '../domain/chain-verification';
import { AuditChainStore, AuditSigning } from './ports';

/** Recomputes the chain and its checkpoints (the auditors' endpoint and `audit:verify`). */
@Injectable()
export class VerifyChain {
  constructor(
    private readonly chain: AuditChainStore,
    private readonly signing: AuditSigning,
    private readonly clock: Clock,
  ) {}

  execute(progress?: (verified: number) => void): Promise<AuditVerification> {
    return verifyChain(this.chain, this.signing.keys, this.clock.now(), progress);
  }
}
