import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type Principal } from '@opencen/contracts';

/** What a service knows about the request it is handling: who asked, and the chain it belongs to. */
export interface RequestContext {
  readonly correlationId: string;
  /** The id of the message (request or event) that caused the current work. */
  readonly causationId?: string;
  readonly principal?: Principal;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` with `context` visible to logs and to outgoing requests and events. */
export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the work in progress, if any. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** A fresh correlation id for work that starts here (a timer, a boot task). */
export function newCorrelationId(): string {
  return randomUUID();
}
