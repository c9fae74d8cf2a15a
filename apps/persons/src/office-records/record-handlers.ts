import { Controller, Inject, type Type } from '@nestjs/common';
import { type RequestContract } from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

type Operations<T> = {
  [K in keyof T]: T[K] extends (command: never) => Promise<unknown> ? K : never;
}[keyof T] &
  string;

/**
 * The controller of a kind of record: each request subject is handed to the method of the kind's
 * records class with the same name (`create`, `get`, `update`, `history`, `merge`, `unmerge`, and
 * the kind's searches), with the caller's context. HandleRequest has already validated the
 * request and checks the reply against the subject's contract.
 */
export function recordRequestHandlers<T extends object>(
  name: string,
  records: Type<T>,
  subjects: Partial<Record<Operations<T>, RequestContract>>,
): Type<unknown> {
  @Controller()
  class RecordRequestHandlers {
    constructor(@Inject(records) readonly records: T) {}
  }
  Object.defineProperty(RecordRequestHandlers, 'name', { value: name });
  for (const [operation, contract] of Object.entries(subjects) as [string, RequestContract][]) {
    const descriptor: PropertyDescriptor = {
      value(this: RecordRequestHandlers, request: object, context: RequestContext) {
        const method = (this.records as Record<string, (command: object) => Promise<unknown>>)[
          operation
        ]!;
        return method.call(this.records, { ...request, context });
      },
      writable: true,
      configurable: true,
    };
    HandleRequest(contract)(RecordRequestHandlers.prototype, operation, descriptor as never);
    Object.defineProperty(RecordRequestHandlers.prototype, operation, descriptor);
  }
  return RecordRequestHandlers;
}
