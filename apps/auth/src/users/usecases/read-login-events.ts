import { Injectable } from '@nestjs/common';
import { userLoginFailures } from '@opencen/contracts';

import { recordFailure } from '../domain/login-failures';
import { jobCause } from './job-cause';
import { ManagedUsers, userEvent } from './managed-users';
import { type LoginEvent, UsersOptions } from './ports';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Reads the realm's login events from where the last pass stopped: a LOGIN is the user's last use,
 * and a burst of LOGIN_ERRORs of one user becomes one `login-failures` event. The first pass
 * starts an inactivity period back, so that the history Keycloak still holds counts.
 */
@Injectable()
export class ReadLoginEvents {
  constructor(
    private readonly users: ManagedUsers,
    private readonly options: UsersOptions,
  ) {}

  /** Reads the events since the last pass; returns how many new ones it handled. */
  async pass(): Promise<number> {
    const cursor = (await this.users.directory.loginEventsCursor()) ?? {
      time: this.users.clock.now().getTime() - this.options.inactivityDays * DAY_MS,
      ids: [],
    };
    const seen = new Set(cursor.ids);
    const events = (await this.users.keycloak.loginEvents(cursor.time)).filter(
      (event) => !(event.time === cursor.time && event.id !== undefined && seen.has(event.id)),
    );
    for (const event of events) await this.handle(event);
    if (events.length > 0) {
      const time = Math.max(...events.map((event) => event.time));
      const atTime = events
        .filter((event) => event.time === time && event.id !== undefined)
        .map((event) => event.id!);
      await this.users.directory.saveLoginEventsCursor({
        time,
        ids: time === cursor.time ? [...cursor.ids, ...atTime] : atTime,
      });
    }
    return events.length;
  }

  private async handle(event: LoginEvent): Promise<void> {
    if (!event.userId) return;
    const at = new Date(event.time);
    const entry = await this.users.directory.get(event.userId);
    if (event.type === 'LOGIN') {
      if (!entry?.lastLoginAt || entry.lastLoginAt.getTime() < at.getTime()) {
        await this.users.directory.change(event.userId, { lastLoginAt: at }, []);
      }
      return;
    }
    const { state, burst } = recordFailure(
      { failures: entry?.failures ?? [], reportedUntil: entry?.failuresReportedUntil },
      at,
      {
        threshold: this.options.loginFailureThreshold,
        windowMs: this.options.loginFailureWindowMs,
      },
    );
    const account = burst ? await this.users.keycloak.get(event.userId) : null;
    await this.users.directory.change(
      event.userId,
      { failures: [...state.failures], failuresReportedUntil: state.reportedUntil ?? null },
      burst
        ? [
            userEvent(
              userLoginFailures,
              { id: event.userId, office: account?.office },
              {
                failures: burst.failures,
                from: burst.from.toISOString(),
                to: burst.to.toISOString(),
              },
              jobCause(),
              this.users.clock.now(),
            ),
          ]
        : [],
    );
  }
}
