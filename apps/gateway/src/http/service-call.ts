import { ServiceError } from '@opencen/nest-kit';
import { type ContractRoute, relativeToBody } from './contract-route';

/**
 * Runs a call to a service on a route whose body is one contract field (e.g. `draft`), so that the
 * service's field paths (`draft.containerNumber`) are named as the client wrote them
 * (`containerNumber`).
 */
export async function withBodyPaths<T>(route: ContractRoute, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ServiceError && error.details.length > 0) {
      throw new ServiceError(
        error.code,
        error.message,
        relativeToBody(route, error.details),
        error.correlationId,
      );
    }
    throw error;
  }
}
