import { Inject, Injectable } from '@nestjs/common';
import { listUserRecipients } from '@opencen/contracts';
import { ContractClient, currentContext, newCorrelationId } from '@opencen/nest-kit';

import { type Audience } from '../domain/notice';
import { type Recipient, Recipients } from '../usecases/ports';

/** How long an answer of the auth service is kept (RECIPIENTS_CACHE_MS; 0: not kept). */
export const RECIPIENTS_CACHE_MS = Symbol('RECIPIENTS_CACHE_MS');

/**
 * Asks the auth service who an audience is (`auth.user.recipients`, as a service: no principal),
 * and keeps each answer a few minutes in memory, so that a burst of notifications to one office
 * asks Keycloak once. Its UNAVAILABLE or TIMEOUT error fails the delivery, which the consumer
 * retries.
 */
@Injectable()
export class AuthRecipients extends Recipients {
  private readonly cache = new Map<string, { recipients: Recipient[]; until: number }>();

  constructor(
    private readonly client: ContractClient,
    @Inject(RECIPIENTS_CACHE_MS) private readonly cacheMs: number,
  ) {
    super();
  }

  async of(audience: Audience): Promise<Recipient[]> {
    if (audience.type === 'users') {
      const users = [...new Set(audience.users)];
      if (users.length === 0) return [];
      const found = await Promise.all(users.map((user) => this.cached(`user:${user}`, [user])));
      return found.flat();
    }
    return this.cached(`supervisors:${audience.office}`, undefined, audience.office);
  }

  private async cached(key: string, users?: string[], office?: string): Promise<Recipient[]> {
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.recipients;
    const reply = await this.client.send(
      listUserRecipients,
      users ? { users } : { office: office!, role: 'supervisor' },
      // A service's own question: no user's principal travels with it.
      { context: { correlationId: currentContext()?.correlationId ?? newCorrelationId() } },
    );
    const recipients = reply.items.map((item) => ({ id: item.id, language: item.locale }));
    if (this.cacheMs > 0) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, { recipients, until: now + this.cacheMs });
    }
    return recipients;
  }
}
