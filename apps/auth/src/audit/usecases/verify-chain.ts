import { Injectable } from '@nestjs/common';
import { type AuditVerification } from '@opencen/contracts';
import { Clock } from '@opencen/nest-kit';

import { type ChainRange, verifyChain } from '../domain/chain-verification';
import { AuditChainStore, AuditSigning } from './ports';

/** Recomputes a range of the chain and its checkpoints (the auditors' endpoint). */
@Injectable()
export class VerifyChain {
  constructor(
    private readonly chain: AuditChainStore,
    private readonly signing: AuditSigning,
    private readonly clock: Clock,
  ) {}

  execute(range: ChainRange): Promise<AuditVerification> {
    return verifyChain(this.chain, this.signing.keys, this.clock.now(), range);
  }
}
