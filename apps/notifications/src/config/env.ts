import { baseEnvSchema, searchEnvShape } from '@opencen/nest-kit';
import { z } from 'zod';

/** The environment of the notifications service: the platform's variables and its own. */
export const notificationsEnvSchema = baseEnvSchema.extend({
  ...searchEnvShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3105),
  /**
   * Where the inbox's consumer starts when it is first created: `start` (every event the stream
   * still holds) in deployments; tests take `now`.
   */
  NOTIFICATIONS_CONSUMERS_FROM: z.enum(['start', 'now']).default('start'),
  /** How often the task deadlines are checked (due within a day, overdue), in ms; 0: never. */
  TASK_DEADLINES_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
  /** How many days back the deadline check looks for overdue tasks it has not told yet. */
  TASK_OVERDUE_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(366).default(14),
  /** How long a recipient's language, asked of the auth service, is kept in memory (ms). */
  RECIPIENTS_CACHE_MS: z.coerce.number().int().min(0).default(300_000),
  /**
   * The SMTP relay the e-mails go through: `smtp://` or `smtps://`, credentials in the URL
   * (Mailpit locally, the administration's relay in a deployment).
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'an smtp:// or smtps:// URL')
    .default('smtp://127.0.0.1:1026'),
  /** The sender of every e-mail. */
  SMTP_FROM: z.string().min(3).default('OpenCEN <no-reply@opencen.local>'),
  /** The web application's address, for the links in the e-mails. */
  APP_URL: z.url().default('http://localhost:5173'),
  /** Whether nominal data may leave the system by e-mail: `forbidden` unless the administration allows it. */
  EMAIL_NOMINAL_DATA: z.enum(['forbidden', 'allowed']).default('forbidden'),
  /** How long a transient SMTP failure is retried (with backoff and jitter) before giving up, in ms. */
  EMAIL_RETRY_FOR_MS: z.coerce.number().int().min(0).default(3_600_000),
  /** The first retry's delay, in ms; each next one doubles (at most 5 min), with jitter. */
  EMAIL_RETRY_INITIAL_MS: z.coerce.number().int().min(1).default(1000),
  /** The hour (UTC, 0 to 23) from which each user's digest of the day before is sent. */
  DIGEST_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(6),
  /** How often the digests due are looked for, in ms (0: never). */
  DIGEST_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
  /** The largest attachment of a message, in bytes (10 MiB). */
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(10 * 1024 * 1024),
  /** The largest chunk of an attachment upload, in bytes (under NATS's 1 MiB payload as base64). */
  ATTACHMENT_CHUNK_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(700_000)
    .default(512 * 1024),
  /** An attachment upload not posted within this long is discarded with its chunks (ms, 1 day). */
  ATTACHMENT_UPLOAD_IDLE_MS: z.coerce.number().int().min(1).default(86_400_000),
  /** How often abandoned attachment uploads are looked for (ms; 0: never). */
  ATTACHMENT_CLEANUP_INTERVAL_MS: z.coerce.number().int().min(0).default(600_000),
  /**
   * Whether message bodies reach outside members by e-mail: `forbidden` (a notice without content)
   * unless the administration's configuration allows it.
   */
  MESSAGING_EXTERNAL_BODIES: z.enum(['forbidden', 'allowed']).default('forbidden'),
  /** Whether webhook endpoints may be plain http:// (local runs and tests only). */
  WEBHOOKS_ALLOW_HTTP: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** How long a webhook delivery is retried from its first attempt before it is given up (ms). */
  WEBHOOKS_RETRY_FOR_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(24 * 3_600_000),
  /** The first retry's delay (ms); each next one doubles, up to the maximum, with jitter. */
  WEBHOOKS_RETRY_INITIAL_MS: z.coerce.number().int().min(1).default(5_000),
  /** The longest delay between two attempts (ms). */
  WEBHOOKS_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1).default(3_600_000),
  /** Deliveries given up in a row after which a subscription is disabled (its owner told). */
  WEBHOOKS_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).default(5),
  /** How long one attempt waits for the endpoint's answer (ms). */
  WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** How often every replica reads the subscriptions again, besides their events (ms; 0: never). */
  WEBHOOKS_REFRESH_MS: z.coerce.number().int().min(0).default(60_000),
});

export type NotificationsEnv = z.output<typeof notificationsEnvSchema>;
