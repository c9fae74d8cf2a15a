import { Injectable } from '@nestjs/common';
import { userInactivityReminder, userLocked } from '@opencen/contracts';

import { lifecycleStep } from '../domain/account-lifecycle';
import { jobCause } from './job-cause';
import { ManagedUsers, userEvent } from './managed-users';
import { type KeycloakUser, UsersOptions } from './ports';

const PAGE = 100;

/**
 * Locks the accounts unused for the inactivity period (disabled in Keycloak, the lock recorded
 * with its reason) and reminds those whose lock is near, once per period. Service accounts are
 * not people and are left alone.
 */
@Injectable()
export class CheckAccountLifecycle {
  constructor(
    private readonly users: ManagedUsers,
    private readonly options: UsersOptions,
  ) {}

  /** One pass over every user of the realm, a page at a time. */
  async all(): Promise<void> {
    for (let first = 0; ; first += PAGE) {
      const page = await this.users.keycloak.search({ first, max: PAGE });
      for (const account of page) await this.account(account);
      if (page.length < PAGE) return;
    }
  }

  /** What is due for one user now; returns what was done. */
  async forUser(id: string): Promise<'none' | 'remind' | 'lock'> {
    const account = await this.users.keycloak.get(id);
    return account ? this.account(account) : 'none';
  }

  private async account(account: KeycloakUser): Promise<'none' | 'remind' | 'lock'> {
    if (account.serviceAccount) return 'none';
    const entry = await this.users.directory.get(account.id);
    const now = this.users.clock.now();
    const step = lifecycleStep(
      now,
      {
        createdAt: account.createdAt,
        lastLoginAt: entry?.lastLoginAt,
        periodStartedAt: entry?.periodStartedAt,
        remindedFor: entry?.remindedFor,
        locked: Boolean(entry?.lock),
        enabled: account.enabled,
      },
      this.options,
    );
    if (step.kind === 'remind') {
      await this.users.directory.change(account.id, { remindedFor: step.lastUsedAt }, [
        userEvent(
          userInactivityReminder,
          account,
          { lastUsedAt: step.lastUsedAt.toISOString(), lockAt: step.lockAt.toISOString() },
          jobCause(),
          now,
        ),
      ]);
    } else if (step.kind === 'lock') {
      // Keycloak first: a lock recorded for an account that still signs in would be a lie.
      await this.users.keycloak.update(account.id, { enabled: false });
      await this.users.directory.change(account.id, { lock: { reason: 'inactivity', at: now } }, [
        userEvent(
          userLocked,
          account,
          { reason: 'inactivity', lastUsedAt: step.lastUsedAt.toISOString() },
          jobCause(),
          now,
        ),
      ]);
    }
    return step.kind;
  }
}
