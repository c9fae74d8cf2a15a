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
});

export type NotificationsEnv = z.output<typeof notificationsEnvSchema>;
