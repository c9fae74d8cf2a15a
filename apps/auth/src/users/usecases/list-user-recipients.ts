import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  LANGUAGES,
  type Language,
  type listUserRecipients,
} from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { type KeycloakUser, KeycloakUsers } from './ports';

export type ListUserRecipientsQuery = HandlerRequestOf<typeof listUserRecipients> & {
  context: RequestContext;
};

type Reply = HandlerReplyOf<typeof listUserRecipients>;

/** Keycloak pages read for one office: 20 × 100 users, far more than an office has. */
const PAGE = 100;
const MAX_PAGES = 20;

/**
 * Who the notifications service tells: the users it names (those that exist), or the enabled users
 * of an office holding a role, each with their language and e-mail address (when they have one). Services ask it from their event
 * consumers, with no principal; a user's request (a principal forwarded by the gateway) is refused,
 * since the answer is the realm's, not narrowed to what that user may see.
 */
@Injectable()
export class ListUserRecipients {
  constructor(private readonly keycloak: KeycloakUsers) {}

  async execute(query: ListUserRecipientsQuery): Promise<Reply> {
    if (query.context.principal) {
      throw ServiceError.forbidden('Recipients are answered to services only, not to users');
    }
    if (query.users) {
      const accounts = await Promise.all(query.users.map((id) => this.keycloak.get(id)));
      return {
        items: accounts
          .filter((account): account is KeycloakUser => account !== null)
          .filter((account) => !account.serviceAccount)
          .map(recipientOf),
      };
    }
    const { office, role } = query;
    const items: Reply['items'] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const accounts = await this.keycloak.search({
        ...(office ? { office } : {}),
        enabled: true,
        first: page * PAGE,
        max: PAGE,
      });
      for (const account of accounts) {
        // Keycloak's attribute search may match more loosely than equality.
        if (account.serviceAccount || account.office !== office) continue;
        if (role && account.roles.includes(role)) items.push(recipientOf(account));
      }
      if (accounts.length < PAGE) break;
    }
    return { items };
  }
}

/** A user's language: their `locale` attribute when it is one of the six, else English. */
export function recipientLanguage(locale: string | undefined): Language {
  const base = locale?.toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : 'en';
}

function recipientOf(account: KeycloakUser): Reply['items'][number] {
  return {
    id: account.id,
    ...(account.office ? { office: account.office } : {}),
    locale: recipientLanguage(account.locale),
    ...(account.email ? { email: account.email } : {}),
  };
}
