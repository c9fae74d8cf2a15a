/**
 * How contract schemas become JSON Schema, in one place, so that the checks run when a contract is
 * defined and the published files agree.
 */
import { z } from 'zod';

/** A JSON Schema document or subschema. */
export type JsonSchema = z.core.JSONSchema.BaseSchema;

/**
 * Which side of a schema to describe: `'input'` is what a sender may pass (fields with defaults are
 * optional), `'output'` is what is on the wire after validation (defaults filled in).
 */
export type SchemaSide = 'input' | 'output';

/** The JSON Schema dialect of every published schema. */
export const JSON_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/**
 * Converts a contract schema to JSON Schema draft-07. Draft-07 because AsyncAPI 3.0's default
 * schema format is a superset of it and it is the dialect most validators of partner systems read.
 *
 * Requests (`'input'`) are published with a closed content model: their objects are strict
 * (`defineRequest` checks it), so each says `additionalProperties: false`, as the receiver refuses
 * an unknown field. Replies and events (`'output'`) are published with an open content model, even
 * where they reuse a request's strict objects: their readers ignore unknown fields (see
 * `safeParseTolerantly`), and a partner's validator that enforced a closed model would reject the
 * optional fields that a later release adds to the same event version.
 *
 * Throws zod's error when the schema has no JSON Schema form (transforms, dates, bigints...), which
 * is also what keeps such types out of contracts: the wire is JSON.
 */
export function toContractJsonSchema(schema: z.ZodType, side: SchemaSide): JsonSchema {
  return z.toJSONSchema(schema, {
    target: 'draft-07',
    io: side,
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def;
      const strict = (def as { catchall?: unknown }).catchall !== undefined;
      if (
        def.type === 'object' &&
        jsonSchema.additionalProperties === false &&
        (side === 'output' || !strict)
      ) {
        delete jsonSchema.additionalProperties;
      }
    },
  });
}
