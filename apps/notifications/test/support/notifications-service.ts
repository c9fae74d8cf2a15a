import { Controller, type INestApplication, Module, type Type } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type Language,
  type Principal,
  type Role,
  countUnreadNotifications,
  getNotificationPreferences,
  listUserPrincipals,
  listUserRecipients,
  matchSavedCaseSearches,
  matchSavedWatches,
} from '@opencen/contracts';
import {
  ContractClient,
  HandleRequest,
  ServiceError,
  loadEnv,
  startService,
} from '@opencen/nest-kit';
import {
  type InProcessService,
  dropTestSearchIndexes,
  startServiceInProcess,
  testServiceEnv,
} from '@opencen/testing';

import { AppModule } from '../../src/app.module';
import { type NotificationsEnv, notificationsEnvSchema } from '../../src/config/env';

/** A user the stand-in auth service knows. */
export interface KnownUser {
  readonly id: string;
  readonly office: string;
  readonly supervisor?: boolean;
  readonly locale?: Language;
  /** Their e-mail address, when they have one. */
  readonly email?: string;
  /** Their roles as a principal (`auth.user.principals`): officer when absent. */
  readonly roles?: Role[];
  /** Whether their account is enabled: true when absent. */
  readonly enabled?: boolean;
}

/** A saved search as the stand-in cases and persons services receive it. */
export interface AskedSearch {
  readonly id: string;
  readonly filter: Record<string, unknown>;
  readonly principal: Principal;
}

/**
 * How the stand-in cases and persons services answer `*.saved-search.match`: whether a search
 * finds a record, the reference of a case, and every request received. Each test file sets its own.
 */
export const savedSearches = {
  finds: (_record: { type: string; id: string }, _search: AskedSearch): boolean => false,
  caseNumber: (caseId: string): string => `NUM-${caseId}`,
  unavailable: false,
  asked: [] as { record: { type: string; id: string }; searches: AskedSearch[] }[],
};

/** The users the stand-in auth service knows; each test file sets its own. */
let knownUsers: KnownUser[] = [];
/** How many times it was asked. */
export const authAsked = { count: 0 };

/**
 * Plays the auth service on `auth.user.recipients`, the one subject the notifications service
 * asks, with the same HandleRequest as the real one (importing another app is not allowed), and
 * its refusal of a user's principal.
 */
@Controller()
class FakeAuthController {
  @HandleRequest(listUserRecipients)
  async recipients(
    request: HandlerRequestOf<typeof listUserRecipients>,
  ): Promise<HandlerReplyOf<typeof listUserRecipients>> {
    authAsked.count += 1;
    const found = request.users
      ? knownUsers.filter((user) => request.users!.includes(user.id))
      : knownUsers.filter(
          (user) =>
            user.office === request.office && user.supervisor && request.role === 'supervisor',
        );
    return {
      items: found.map((user) => ({
        id: user.id,
        office: user.office,
        locale: user.locale ?? 'en',
        ...(user.email ? { email: user.email } : {}),
      })),
    };
  }

  @HandleRequest(listUserPrincipals)
  async principals(
    request: HandlerRequestOf<typeof listUserPrincipals>,
  ): Promise<HandlerReplyOf<typeof listUserPrincipals>> {
    return {
      items: knownUsers
        .filter((user) => request.users.includes(user.id))
        .map((user) => ({
          sub: user.id,
          username: user.id,
          roles: user.roles ?? ['officer'],
          office: user.office,
          enabled: user.enabled ?? true,
        })),
    };
  }
}

/** Plays the cases and persons services on their `saved-search.match` requests. */
@Controller()
class FakeSavedSearchesController {
  @HandleRequest(matchSavedCaseSearches)
  async cases(
    request: HandlerRequestOf<typeof matchSavedCaseSearches>,
  ): Promise<HandlerReplyOf<typeof matchSavedCaseSearches>> {
    const matching = this.match({ type: 'case', id: request.caseId }, request.searches);
    return {
      matching,
      ...(matching.length > 0 ? { number: savedSearches.caseNumber(request.caseId) } : {}),
    };
  }

  @HandleRequest(matchSavedWatches)
  async watches(
    request: HandlerRequestOf<typeof matchSavedWatches>,
  ): Promise<HandlerReplyOf<typeof matchSavedWatches>> {
    const searches = request.searches as AskedSearch[];
    return { matching: this.match({ type: request.recordType, id: request.recordId }, searches) };
  }

  private match(record: { type: string; id: string }, searches: readonly AskedSearch[]): string[] {
    if (savedSearches.unavailable) {
      throw new ServiceError('UNAVAILABLE', 'The index is behind (the stand-in says so)');
    }
    savedSearches.asked.push({ record, searches: [...searches] });
    return searches.filter((search) => savedSearches.finds(record, search)).map((s) => s.id);
  }
}

@Module({ controllers: [FakeAuthController, FakeSavedSearchesController] })
class FakeAuthModule {}

export interface NotificationsService extends InProcessService<INestApplication, never> {
  env: NotificationsEnv;
}

/**
 * The notifications service in process against real NATS, FerretDB and OpenSearch (a database and
 * indexes of the test file's own), with the stand-in auth service knowing `users`. Its consumers
 * take only what is published from their creation on, under names of the file's own; its
 * deadline and digest jobs are off (the test runs them by hand); recipients are not cached. Its subjects are the
 * real `notifications.*` ones: it refuses to start when something else answers them.
 */
export async function startNotificationsService(
  testFile: string,
  options: {
    users: KnownUser[];
    env?: Record<string, string>;
    /** Stand-ins for other services a feature asks (besides auth), with their queue group. */
    standIns?: { module: Type; queue: string }[];
  },
): Promise<NotificationsService> {
  knownUsers = options.users;
  const env = loadEnv(
    notificationsEnvSchema,
    testServiceEnv(testFile, {
      NOTIFICATIONS_CONSUMERS_FROM: 'now',
      TASK_DEADLINES_INTERVAL_MS: '0',
      DIGEST_INTERVAL_MS: '0',
      RECIPIENTS_CACHE_MS: '0',
      ...options.env,
    }),
  );
  const service = await startServiceInProcess({
    name: 'notifications',
    natsUrl: env.NATS_URL,
    client: ContractClient.over(env.NATS_URL),
    start: () =>
      startService(AppModule.register(env), {
        service: 'notifications',
        env,
        handleSignals: false,
      }),
    standIns: [{ module: FakeAuthModule, queue: 'auth' }, ...(options.standIns ?? [])],
    mustBeFree: [
      [countUnreadNotifications, {}],
      [getNotificationPreferences, {}],
      [listUserRecipients, { users: ['nobody'] }],
      [listUserPrincipals, { users: ['nobody'] }],
    ],
    afterClose: () => dropTestSearchIndexes(env),
  });
  return Object.assign(service, { env });
}
