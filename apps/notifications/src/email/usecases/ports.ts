import { type Language } from '@opencen/contracts';

import { type DigestItem } from '../domain/digest-message';
import { type EmailMessage, type NominalDataPolicy } from '../domain/email-message';
import { type BackoffOptions } from '../domain/retry';

/** One e-mail to send. */
export interface OutgoingEmail extends EmailMessage {
  readonly to: string;
  /** The Message-ID, the same for every attempt of one notification (a receiver may drop twins). */
  readonly messageId: string;
}

/**
 * Sends an e-mail through the SMTP relay; resolves once the relay accepted it. Rejects with the
 * relay's error (an SMTP `responseCode`, or a connection error `code`).
 */
export abstract class EmailSender {
  abstract send(email: OutgoingEmail): Promise<void>;
}

/** Where a user's notifications are sent (the auth service knows); null when they have none. */
export abstract class EmailAddresses {
  abstract of(user: string): Promise<string | null>;
}

/** What happened to one notification's e-mail. */
export type DeliveryState = 'sending' | 'sent' | 'failed' | 'gave-up';

export interface Delivery {
  readonly state: DeliveryState;
  readonly attempts: number;
}

/** Each notification's e-mail delivery, by `<recipient>/<notification id>`. */
export abstract class EmailDeliveries {
  abstract get(key: string): Promise<Delivery | null>;
  abstract record(key: string, delivery: Delivery & { reason?: string }): Promise<void>;
}

/** One user's digest of one day: the notifications of the kinds they want in a digest. */
export interface DayDigest {
  readonly language: Language;
  readonly items: DigestItem[];
}

/**
 * The digests being gathered, by key: `<user>/<day>` holds the day's items of a user (each item once
 * by its id), `day:<day>` the users who have one that day. No scan: the job reads the day, then each
 * user's digest.
 */
export abstract class DigestStore {
  abstract add(user: string, day: string, language: Language, item: DigestItem): Promise<void>;
  abstract usersOf(day: string): Promise<string[]>;
  abstract digestOf(user: string, day: string): Promise<DayDigest | null>;
}

/** Waits (the tests do not). */
export abstract class Sleeper {
  abstract sleep(ms: number): Promise<void>;
}

/** The e-mail settings of the deployment. */
export abstract class EmailOptions {
  abstract readonly appUrl: string;
  abstract readonly policy: NominalDataPolicy;
  /** How long transient failures are retried before giving up (ms). */
  abstract readonly retryForMs: number;
  abstract readonly backoff: BackoffOptions;
  /** The hour (UTC) from which the day before's digests are sent. */
  abstract readonly digestHourUtc: number;
}
