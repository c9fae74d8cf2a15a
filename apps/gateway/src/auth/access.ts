import { SetMetadata } from '@nestjs/common';
import { type Principal, ROLE_POLICIES, type RolePolicy, holdsPolicy } from '@opencen/contracts';

/**
 * Who may call a route: anyone (`public`), or an authenticated principal holding one of the roles
 * of `policy` (contracts' ROLE_POLICIES, which the services check too); any authenticated
 * principal when the route names no policy.
 */
export type AccessRule = { public: true } | { public: false; policy?: RolePolicy };

export const ACCESS_RULE = Symbol('ACCESS_RULE');

/** The rule of routes that declare none: any authenticated user. */
export const AUTHENTICATED: AccessRule = { public: false };

/** The route needs no token (health, documentation). */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule);

/** The route needs an authenticated principal that holds `policy`. */
export const RequirePolicy = (policy: RolePolicy): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { public: false, policy } satisfies AccessRule);

/** What the guard decides once the token is verified. */
export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

/** Whether `principal` may call a route with `rule`; a pure function, so rules are unit-tested. */
export function decideAccess(rule: AccessRule, principal: Principal | undefined): AccessDecision {
  if (rule.public) return { allowed: true };
  if (!principal) return { allowed: false, reason: 'No authenticated principal' };
  if (rule.policy === undefined || holdsPolicy(principal, rule.policy)) return { allowed: true };
  return {
    allowed: false,
    reason: `This needs the role ${rolesOf(rule.policy)}, which the caller does not have`,
  };
}

/** The roles of a policy in words, as the documentation and refusals name them: "a or b". */
export function rolesOf(policy: RolePolicy): string {
  return ROLE_POLICIES[policy].join(' or ');
}
