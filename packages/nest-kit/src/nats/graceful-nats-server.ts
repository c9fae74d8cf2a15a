import { type NatsOptions, ServerNats } from '@nestjs/microservices';
import { type NatsConnection, type Subscription } from 'nats';

type NatsServerOptions = Required<NatsOptions>['options'];

/**
 * Nest's NATS server with a shutdown that loses no request: it stops taking new requests (queue
 * subscriptions drained, so other replicas get them), waits for the ones in flight to reply, then
 * drains the connection so the last replies are flushed.
 */
export class GracefulNatsServer extends ServerNats {
  private readonly requestSubscriptions: Subscription[] = [];
  private inFlight = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly natsOptions: NatsServerOptions & { queue: string },
    private readonly shutdownGraceMs: number,
  ) {
    super(natsOptions);
  }

  /**
   * Subscribes, then waits for the server to confirm the subscriptions before reporting ready:
   * without the flush, a request sent right after start-up can find no responder.
   */
  override start(callback: (error?: unknown) => void): void {
    const connection = this.unwrap<NatsConnection>();
    this.bindEvents(connection);
    connection.flush().then(() => callback(), callback);
  }

  override bindEvents(client: NatsConnection): void {
    for (const [channel, handlerRef] of this.messageHandlers) {
      const queue = (handlerRef.extras?.queue as string | undefined) ?? this.natsOptions.queue;
      this.requestSubscriptions.push(
        client.subscribe(channel, { queue, callback: this.getMessageHandler(channel).bind(this) }),
      );
    }
  }

  override async handleMessage(channel: string, natsMsg: unknown): Promise<unknown> {
    this.inFlight++;
    try {
      return await super.handleMessage(channel, natsMsg);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
    }
  }

  /** Requests being handled right now; readiness and tests read it. */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  override async close(): Promise<void> {
    let connection: NatsConnection | undefined;
    try {
      connection = this.unwrap<NatsConnection>();
    } catch {
      return; // never connected
    }
    await Promise.all(this.requestSubscriptions.splice(0).map((sub) => sub.drain()));
    await this.waitUntilIdle();
    if (!connection.isClosed()) await connection.drain();
    await super.close();
  }

  private waitUntilIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.shutdownGraceMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
