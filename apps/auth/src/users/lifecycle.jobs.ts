import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob, KIT_LOGGER } from '@opencen/nest-kit';
import { type Logger } from 'pino';

import { CheckAccountLifecycle } from './usecases/check-account-lifecycle';
import { ReadLoginEvents } from './usecases/read-login-events';

export const LOGIN_EVENTS_POLL_MS = Symbol('LOGIN_EVENTS_POLL_MS');
export const ACCOUNT_LIFECYCLE_INTERVAL_MS = Symbol('ACCOUNT_LIFECYCLE_INTERVAL_MS');

/** Reads Keycloak's new login events: last sign-ins and bursts of failures. */
@Injectable()
export class LoginEventsJob extends IntervalJob {
  constructor(
    @Inject(KIT_LOGGER) logger: Logger,
    @Inject(LOGIN_EVENTS_POLL_MS) everyMs: number,
    private readonly readLoginEvents: ReadLoginEvents,
  ) {
    super(logger, { name: 'login events reader', everyMs });
  }

  protected async pass(): Promise<void> {
    await this.readLoginEvents.pass();
  }
}

/** Reminds and locks the accounts unused for too long, reading the login events first. */
@Injectable()
export class AccountLifecycleJob extends IntervalJob {
  constructor(
    @Inject(KIT_LOGGER) logger: Logger,
    @Inject(ACCOUNT_LIFECYCLE_INTERVAL_MS) everyMs: number,
    private readonly readLoginEvents: ReadLoginEvents,
    private readonly lifecycle: CheckAccountLifecycle,
  ) {
    super(logger, { name: 'account lifecycle', everyMs });
  }

  protected async pass(): Promise<void> {
    // The last sign-ins first, so that nobody who just signed in is locked.
    await this.readLoginEvents.pass();
    await this.lifecycle.all();
  }
}
