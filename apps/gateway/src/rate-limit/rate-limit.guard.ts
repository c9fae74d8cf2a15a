import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { type GatewayRequest } from '../http/gateway-request';

/**
 * Rate limits per user: the verified principal's `sub`, or the client's IP on routes without a
 * token. It runs after the auth guard, which sets the principal. One budget covers every route, so
 * that spreading calls over routes does not multiply it. Counters live in this process: with
 * several gateway replicas each keeps its own, so the effective limit is per replica.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = (req as unknown as GatewayRequest).principal;
    return principal ? `sub:${principal.sub}` : `ip:${await super.getTracker(req)}`;
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `${name}:${tracker}`;
  }
}
