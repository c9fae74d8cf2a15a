import {
  type CloudEvent,
  type Language,
  type Principal,
  type ReferenceEntry,
  buildEvent,
  type referenceEntryCreated,
  type referenceEntryDeprecated,
  type referenceEntryEventDataSchema,
  type referenceEntryUpdated,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';
import { type z } from 'zod';

import { type Entry, entryId, labelIn } from '../domain/entry';

/** An entry as replies carry it: with its label in `language` (or English) and which one that is. */
export function entryView(entry: Entry, language: Language): ReferenceEntry {
  return { ...entryEventData(entry), ...labelIn(entry.labels, language) };
}

/** An entry as events carry it: every language, no chosen label. */
export function entryEventData(entry: Entry): z.input<typeof referenceEntryEventDataSchema> {
  return {
    list: entry.list,
    code: entry.code,
    labels: entry.labels,
    attributes: entry.attributes,
    validFrom: entry.validFrom,
    ...(entry.validTo === undefined ? {} : { validTo: entry.validTo }),
    deprecated: entry.deprecated,
    ...(entry.replacedBy === undefined ? {} : { replacedBy: entry.replacedBy }),
    version: entry.version,
    updatedAt: entry.updatedAt.toISOString(),
  };
}

/** The event of a change of `entry`, in the chain of the request that caused it. */
export function entryEvent(
  contract:
    typeof referenceEntryCreated | typeof referenceEntryUpdated | typeof referenceEntryDeprecated,
  entry: Entry,
  context: RequestContext,
  actor: Principal,
): CloudEvent {
  return buildEvent(contract, {
    subject: entryId(entry.list, entry.code),
    data: entryEventData(entry),
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor: actor.sub,
    time: entry.updatedAt,
  });
}
