import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { AUDIT_STREAM } from '@opencen/contracts';
import { Events, type NatsConnection, connect } from 'nats';
import { type Logger } from 'pino';
import { ensureAuditStream } from '../jetstream/events-stream';
import { type AuditAccessRecord, AuditPublisher } from './audit-publisher';

/** What {@link AuditTrailModule.forRoot} takes. */
export interface AuditTrailOptions {
  natsUrl: string;
  /** The NATS connection name, seen in the server's monitoring (e.g. `gateway-audit`). */
  connectionName: string;
  /** How long a publish (and a connection attempt) may wait for JetStream before it rejects. */
  publishTimeoutMs: number;
  /** Where a failed connection at boot is reported; the trail tries again on the next publish. */
  logger?: Logger;
}

/** Where access records go: resolves once they are stored, rejects when they are not. */
export interface AuditRecordPublisher {
  publish(record: AuditAccessRecord): Promise<void>;
}

const AUDIT_TRAIL_OPTIONS = Symbol('AUDIT_TRAIL_OPTIONS');

/**
 * The publishing side of the audit trail, for a process that answers reads of personal data (the
 * gateway): its own NATS connection, the audit stream ensured at boot, and an
 * {@link AuditPublisher} that resolves only on JetStream's acknowledgement. A process that booted
 * while NATS or JetStream was down connects (and ensures the stream) on its next publish; until
 * then, and while a connection is down, every publish rejects, so the caller refuses what it was
 * about to answer. At worst (a connection lost during a publish) a record of a read that was
 * refused is stored; never is a read answered without its record.
 */
@Injectable()
export class AuditTrail implements AuditRecordPublisher, OnModuleInit, OnApplicationShutdown {
  private publisher: Promise<{ connection: NatsConnection; publisher: AuditPublisher }> | undefined;
  /** False between a disconnection and the reconnection that follows it. */
  private connected = false;

  constructor(@Inject(AUDIT_TRAIL_OPTIONS) private readonly options: AuditTrailOptions) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.ready();
    } catch (error) {
      this.options.logger?.warn(
        { err: error, natsUrl: this.options.natsUrl },
        'The audit stream is not reachable yet; reads of personal data are refused until it is',
      );
    }
  }

  /** Stores `record` in the audit stream; rejects when JetStream does not acknowledge it in time. */
  async publish(record: AuditAccessRecord): Promise<void> {
    const { publisher } = await this.ready();
    // While disconnected, the client would buffer the record and send it after the reconnection,
    // when the read it records has been refused already: refuse at once instead.
    if (!this.connected) throw new Error('NATS is disconnected; reconnecting');
    await publisher.publish(record);
  }

  /** Readiness: connected, and the audit stream exists. */
  async check(): Promise<void> {
    const { connection } = await this.ready();
    if (!this.connected) throw new Error('NATS is disconnected; reconnecting');
    const jsm = await connection.jetstreamManager({ timeout: this.options.publishTimeoutMs });
    await jsm.streams.info(AUDIT_STREAM);
  }

  /** Runs after the HTTP server has let its requests finish: no publish is waiting any more. */
  async onApplicationShutdown(): Promise<void> {
    const current = await this.publisher?.catch(() => undefined);
    // close, not drain: a connection that is reconnecting to a server that is gone never drains.
    if (current && !current.connection.isClosed()) await current.connection.close();
  }

  private ready(): Promise<{ connection: NatsConnection; publisher: AuditPublisher }> {
    this.publisher ??= this.connect().catch((error: unknown) => {
      this.publisher = undefined;
      throw error;
    });
    return this.publisher;
  }

  private async connect(): Promise<{ connection: NatsConnection; publisher: AuditPublisher }> {
    const { natsUrl, connectionName, publishTimeoutMs } = this.options;
    const connection = await connect({
      servers: natsUrl,
      name: connectionName,
      timeout: publishTimeoutMs,
      // Once connected, it reconnects for as long as the process runs, and soon: reads of personal
      // data are refused meanwhile.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
    try {
      await ensureAuditStream(await connection.jetstreamManager({ timeout: publishTimeoutMs }));
    } catch (error) {
      await connection.close();
      throw error;
    }
    this.connected = true;
    void this.followStatus(connection);
    void connection.closed().then(() => {
      this.connected = false;
      this.publisher = undefined;
    });
    return {
      connection,
      publisher: new AuditPublisher(
        connection.jetstream({ timeout: publishTimeoutMs }),
        publishTimeoutMs,
      ),
    };
  }

  private async followStatus(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === Events.Disconnect) this.connected = false;
      else if (status.type === Events.Reconnect) this.connected = true;
    }
  }
}

/** Provides {@link AuditTrail} to a process that publishes access records. */
@Global()
@Module({})
export class AuditTrailModule {
  static forRoot(options: AuditTrailOptions): DynamicModule {
    return {
      module: AuditTrailModule,
      providers: [{ provide: AUDIT_TRAIL_OPTIONS, useValue: options }, AuditTrail],
      exports: [AuditTrail],
    };
  }
}
