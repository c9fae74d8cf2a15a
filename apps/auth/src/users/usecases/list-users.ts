import { Injectable } from '@nestjs/common';
import { type HandlerReplyOf, type HandlerRequestOf, type listUsers } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { listingOffice } from '../domain/user-access';
import { ManagedUsers, toUser } from './managed-users';

export type ListUsersQuery = HandlerRequestOf<typeof listUsers> & { context: RequestContext };

/**
 * Lists users a page at a time, in Keycloak's order: text, office and enabled are Keycloak's
 * filters; role and lock state are applied to each page, which may then be short. A supervisor's
 * listing is narrowed to their own office, whatever they ask.
 */
@Injectable()
export class ListUsers {
  constructor(private readonly users: ManagedUsers) {}

  async execute(query: ListUsersQuery): Promise<HandlerReplyOf<typeof listUsers>> {
    const actor = this.users.manager(query.context, 'Listing users');
    const office = listingOffice(actor, query.office);
    if (office !== undefined && query.office !== undefined && office !== query.office) {
      return { items: [] };
    }
    const page = await this.users.keycloak.search({
      ...(query.text ? { text: query.text } : {}),
      ...(office ? { office } : {}),
      ...(query.enabled === undefined ? {} : { enabled: query.enabled }),
      first: query.first,
      max: query.max,
    });
    const accounts = page.filter(
      (account) =>
        !account.serviceAccount &&
        // Keycloak's attribute search may match more loosely than equality.
        (office === undefined || account.office === office) &&
        (!query.role || account.roles.includes(query.role)),
    );
    // The page's directory entries (lock state, last sign-in), read by key all at once.
    const entries = await this.users.directory.getMany(accounts.map((account) => account.id));
    const items = [];
    for (const account of accounts) {
      const entry = entries.get(account.id) ?? null;
      if (query.locked !== undefined && Boolean(entry?.lock) !== query.locked) continue;
      items.push(toUser(account, entry));
    }
    return {
      items,
      ...(page.length === query.max ? { nextFirst: query.first + query.max } : {}),
    };
  }
}
