import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Clock } from '@opencen/nest-kit';

import { NatsCustomsOffices } from './infrastructure/customs-offices.client';
import { KeycloakAdminClient, KeycloakAdminSettings } from './infrastructure/keycloak-admin.client';
import { MongoUserDirectory } from './infrastructure/mongo-user-directory';
import {
  AUTH_CURSOR_MODEL,
  AUTH_CURSORS_COLLECTION,
  USER_DIRECTORY_COLLECTION,
  USER_DIRECTORY_MODEL,
  authCursorSchema,
  userDirectorySchema,
} from './infrastructure/user-directory.schema';
import {
  ACCOUNT_LIFECYCLE_INTERVAL_MS,
  AccountLifecycleJob,
  LOGIN_EVENTS_POLL_MS,
  LoginEventsJob,
} from './lifecycle.jobs';
import { UsersController } from './users.controller';
import { ChangeUserClearance } from './usecases/change-user-clearance';
import { ChangeUserOffice } from './usecases/change-user-office';
import { ChangeUserRoles } from './usecases/change-user-roles';
import { CheckAccountLifecycle } from './usecases/check-account-lifecycle';
import { CreateUser } from './usecases/create-user';
import { DisableUser } from './usecases/disable-user';
import { EnableUser } from './usecases/enable-user';
import { EndUserSessions } from './usecases/end-user-sessions';
import { GetUser } from './usecases/get-user';
import { ListUserPrincipals } from './usecases/list-user-principals';
import { ListUserRecipients } from './usecases/list-user-recipients';
import { ListUsers } from './usecases/list-users';
import { ManagedUsers } from './usecases/managed-users';
import { CustomsOffices, KeycloakUsers, UserDirectory, UsersOptions } from './usecases/ports';
import { ReadLoginEvents } from './usecases/read-login-events';
import { RequirePasswordReset } from './usecases/require-password-reset';
import { UnlockUser } from './usecases/unlock-user';

export { AUTH_CURSORS_COLLECTION, USER_DIRECTORY_COLLECTION };

export interface UsersModuleOptions {
  readonly keycloak: KeycloakAdminSettings;
  readonly lifecycle: UsersOptions;
  readonly loginEventsPollMs: number;
  readonly lifecycleIntervalMs: number;
  /** A clock of the test's own (FixedClock), instead of the kit's system clock. */
  readonly clock?: Clock;
}

/**
 * Users, offices and roles over Keycloak's admin API, and the account lifecycle: last sign-ins
 * and failure bursts from the login events, reminders and locks after inactivity.
 */
@Module({})
export class UsersModule {
  static register(options: UsersModuleOptions): DynamicModule {
    return {
      module: UsersModule,
      imports: [
        MongooseModule.forFeature([
          {
            name: USER_DIRECTORY_MODEL,
            schema: userDirectorySchema,
            collection: USER_DIRECTORY_COLLECTION,
          },
          {
            name: AUTH_CURSOR_MODEL,
            schema: authCursorSchema,
            collection: AUTH_CURSORS_COLLECTION,
          },
        ]),
      ],
      controllers: [UsersController],
      providers: [
        { provide: KeycloakAdminSettings, useValue: options.keycloak },
        { provide: UsersOptions, useValue: options.lifecycle },
        { provide: LOGIN_EVENTS_POLL_MS, useValue: options.loginEventsPollMs },
        { provide: ACCOUNT_LIFECYCLE_INTERVAL_MS, useValue: options.lifecycleIntervalMs },
        ...(options.clock ? [{ provide: Clock, useValue: options.clock }] : []),
        KeycloakAdminClient,
        { provide: KeycloakUsers, useExisting: KeycloakAdminClient },
        { provide: UserDirectory, useClass: MongoUserDirectory },
        { provide: CustomsOffices, useClass: NatsCustomsOffices },
        ManagedUsers,
        ListUsers,
        ListUserRecipients,
        ListUserPrincipals,
        GetUser,
        CreateUser,
        ChangeUserRoles,
        ChangeUserOffice,
        ChangeUserClearance,
        DisableUser,
        EnableUser,
        UnlockUser,
        RequirePasswordReset,
        EndUserSessions,
        ReadLoginEvents,
        CheckAccountLifecycle,
        LoginEventsJob,
        AccountLifecycleJob,
      ],
      exports: [KeycloakAdminClient, CheckAccountLifecycle, ReadLoginEvents],
    };
  }
}
