import {
  type Notification,
  liveNotificationsSubject,
  notificationSchema,
} from '@opencen/contracts';
import { type NatsConnection, type Subscription, connect } from 'nats';

/** A user's live notifications as they are stored, pushed by the notifications service. */
export interface LiveFeed {
  /** How often a stream writes a heartbeat comment (NOTIFICATIONS_HEARTBEAT_MS). */
  readonly heartbeatMs: number;
  /** Calls `receive` with each notification pushed for `user` until the subscription is closed. */
  subscribe(user: string, receive: (notification: Notification) => void): Promise<LiveSubscription>;
}

export interface LiveSubscription {
  close(): void;
}

/** The Nest token of the gateway's {@link LiveFeed}. */
export const LIVE_FEED = Symbol('LIVE_FEED');

/**
 * The live feed over core NATS: one connection per gateway replica (opened at the first stream),
 * one subscription per open stream on `notifications.live.<user>`, so that any replica serves any
 * user whichever notifications replica stored the notification.
 */
export class NatsLiveFeed implements LiveFeed {
  private connection: Promise<NatsConnection> | undefined;

  constructor(
    private readonly natsUrl: string,
    readonly heartbeatMs: number,
  ) {}

  async subscribe(
    user: string,
    receive: (notification: Notification) => void,
  ): Promise<LiveSubscription> {
    this.connection ??= connect({ servers: this.natsUrl, name: 'gateway-live-notifications' });
    const connection = await this.connection;
    const subscription: Subscription = connection.subscribe(liveNotificationsSubject(user), {
      callback: (error, message) => {
        if (error) return;
        const parsed = notificationSchema.safeParse(message.json());
        if (parsed.success) receive(parsed.data);
      },
    });
    // The subscription is known to the server before the stream asks for what it missed.
    await connection.flush();
    return { close: () => subscription.unsubscribe() };
  }

  /** Nest calls it at shutdown. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    const connection = await this.connection;
    if (connection && !connection.isClosed()) await connection.drain();
  }
}
