/**
 * Durable consumers declared as contracts: which service reads which events, and why. The AsyncAPI
 * document lists them as `receive` operations, so that a team changing an event sees who depends
 * on it; the kit refuses to start a declared consumer whose handlers differ from its declaration,
 * so the document cannot drift from the code.
 */
import { type EventContract } from './events';
import { type ServiceName, consumerName } from './subjects';

export interface ConsumerContract {
  readonly service: ServiceName;
  readonly purpose: string;
  /** `<service>-<purpose>`, the durable's name on the stream (tests may add a suffix). */
  readonly durable: string;
  readonly description: string;
  readonly events: readonly EventContract[];
}

/** Declares a consumer. Throws when its name breaks the conventions or an event is listed twice. */
export function defineConsumer(definition: {
  service: ServiceName;
  purpose: string;
  description: string;
  events: readonly EventContract[];
}): ConsumerContract {
  const types = definition.events.map((event) => event.type);
  const twice = types.find((type, index) => types.indexOf(type) !== index);
  if (twice) throw new Error(`Consumer ${definition.purpose} lists ${twice} twice`);
  return Object.freeze({
    ...definition,
    durable: consumerName(definition.service, definition.purpose),
    events: [...definition.events],
  });
}

/**
 * What differs between a consumer's declaration and the event types it handles: the declared types
 * it has no handler for, and the handled types it does not declare (both empty when they agree).
 */
export function undeclaredDifference(
  consumer: ConsumerContract,
  handledTypes: readonly string[],
): { unhandled: string[]; undeclared: string[] } {
  const declared = new Set(consumer.events.map((event) => event.type));
  const handled = new Set(handledTypes);
  return {
    unhandled: [...declared].filter((type) => !handled.has(type)),
    undeclared: [...handled].filter((type) => !declared.has(type)),
  };
}
