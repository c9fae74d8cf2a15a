import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ServiceError } from '@opencen/nest-kit';
import { type GatewayRequest } from '../http/gateway-request';
import { ACCESS_RULE, AUTHENTICATED, type AccessRule, decideAccess } from './access';
import { TOKEN_VERIFIER, type TokenVerifier } from './token-verifier';

/**
 * Checks every route's access rule: the bearer token is verified (401 without one or with a bad
 * one), the principal is put on the request for the route and the rate limiter, and the route's
 * roles are checked (403). Routes are closed by default: only `@Public()` opens one.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule =
      this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? AUTHENTICATED;
    if (rule.public) return true;
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    const { principal, clientId } = await this.verifier.verifyToken(
      bearerToken(req.headers.authorization),
    );
    req.principal = principal;
    if (clientId !== undefined) req.clientId = clientId;
    const decision = decideAccess(rule, req.principal);
    if (!decision.allowed) throw ServiceError.forbidden(decision.reason);
    return true;
  }
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750); UNAUTHENTICATED otherwise. */
export function bearerToken(header: string | undefined): string {
  if (!header) {
    throw new ServiceError('UNAUTHENTICATED', 'Send a bearer token: Authorization: Bearer <token>');
  }
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (!match?.[1]) {
    throw new ServiceError(
      'UNAUTHENTICATED',
      'The Authorization header is not of the form "Bearer <token>"',
    );
  }
  return match[1];
}
