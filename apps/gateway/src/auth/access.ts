import { SetMetadata } from '@nestjs/common';
import { type Principal, type Role } from '@opencen/contracts';

/** Who may call a route: anyone (`public`), or an authenticated principal with one of `roles`. */
export type AccessRule = { public: true } | { public: false; roles: readonly Role[] };

export const ACCESS_RULE = Symbol('ACCESS_RULE');

/** The rule of routes that declare none: any authenticated user. */
export const AUTHENTICATED: AccessRule = { public: false, roles: [] };

/** The route needs no token (health, documentation). */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule);

/**
 * The route needs an authenticated principal holding at least one of `roles`. Without it (and
 * without `@Public()`), a route is open to any authenticated user.
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { public: false, roles } satisfies AccessRule);

/** What the guard decides once the token is verified. */
export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

/** Whether `principal` may call a route with `rule`; a pure function, so rules are unit-tested. */
export function decideAccess(rule: AccessRule, principal: Principal | undefined): AccessDecision {
  if (rule.public) return { allowed: true };
  if (!principal) return { allowed: false, reason: 'No authenticated principal' };
  if (rule.roles.length === 0 || rule.roles.some((role) => principal.roles.includes(role))) {
    return { allowed: true };
  }
  return {
    allowed: false,
    reason: `This needs the role ${rule.roles.join(' or ')}, which the caller does not have`,
  };
}
