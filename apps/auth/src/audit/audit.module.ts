import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { SearchService } from '@opencen/nest-kit';

import { AuditController } from './audit.controller';
import {
  AUDIT_CONSUMER_OPTIONS,
  type AuditConsumerOptions,
  AuditSourcesConsumer,
} from './audit-sources.consumer';
import { CHECKPOINT_INTERVAL_MS, CheckpointJob } from './checkpoint.job';
import { signingKeys } from './domain/checkpoint';
import { AUDIT_INDEX } from './infrastructure/audit-search.index';
import { MongoAuditChain } from './infrastructure/mongo-audit-chain';
import { OpenSearchAuditSearch } from './infrastructure/opensearch-audit-search';
import { AppendEntry } from './usecases/append-entry';
import { AuditChainStore, AuditSearch, AuditSigning } from './usecases/ports';
import { QueryAudit } from './usecases/query-audit';
import { VerifyChain } from './usecases/verify-chain';

export interface AuditOptions {
  /** The Ed25519 seed that signs checkpoints, and the public keys of earlier ones. */
  readonly signingKey: string;
  readonly previousPublicKeys: readonly string[];
  readonly checkpointEvery: number;
  readonly checkpointIntervalMs: number;
  /** Where the consumers start when first created, and what their durable names end with. */
  readonly consumers: AuditConsumerOptions;
}

/** The tamper-evident audit trail: the chain, what feeds it, its checkpoints and its queries. */
@Module({})
export class AuditModule implements OnModuleInit {
  static register(options: AuditOptions): DynamicModule {
    const signing: AuditSigning = {
      keys: signingKeys(options.signingKey, options.previousPublicKeys),
      checkpointEvery: options.checkpointEvery,
    };
    return {
      module: AuditModule,
      controllers: [AuditController],
      providers: [
        { provide: AuditChainStore, useClass: MongoAuditChain },
        { provide: AuditSearch, useClass: OpenSearchAuditSearch },
        { provide: AuditSigning, useValue: signing },
        { provide: CHECKPOINT_INTERVAL_MS, useValue: options.checkpointIntervalMs },
        { provide: AUDIT_CONSUMER_OPTIONS, useValue: options.consumers },
        AppendEntry,
        VerifyChain,
        QueryAudit,
        AuditSourcesConsumer,
        CheckpointJob,
      ],
      exports: [AppendEntry, VerifyChain, AuditChainStore],
    };
  }

  constructor(private readonly search: SearchService) {}

  async onModuleInit(): Promise<void> {
    await this.search.ensureIndex(AUDIT_INDEX);
  }
}
