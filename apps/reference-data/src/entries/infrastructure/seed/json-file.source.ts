import { readFile } from 'node:fs/promises';
import {
  type ReferenceList,
  detailsFromZodError,
  entryAttributesSchema,
  entryCodeSchema,
  isoDateSchema,
  labelsSchema,
} from '@opencen/contracts';
import { z } from 'zod';

import { type NewEntry } from '../../domain/entry';
import { SINCE_ALWAYS } from '../../domain/validity';

/**
 * A seed file, `{ list, source, entries }` (see data/README.md); the list's own rules are checked
 * when the seed runs.
 */
const seedFileSchema = (list: ReferenceList) =>
  z.strictObject({
    /** The list the file seeds, as its name says. */
    list: z.literal(list),
    /** Where the data comes from and under which terms, for whoever reads the file. */
    source: z.string().min(1),
    entries: z.array(
      z.strictObject({
        code: entryCodeSchema,
        labels: labelsSchema,
        attributes: entryAttributesSchema.default({}),
        validFrom: isoDateSchema.optional(),
        validTo: isoDateSchema.optional(),
      }),
    ),
  });

/** The entries of a list's seed file, or null when there is no such file. */
export async function jsonFileSeed(file: string, list: ReferenceList): Promise<NewEntry[] | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = seedFileSchema(list).safeParse(JSON.parse(text));
  if (!parsed.success) {
    const problems = detailsFromZodError(parsed.error).slice(0, 10);
    throw new Error(
      `Seed file ${file} is invalid: ${problems.map((p) => `${p.path}: ${p.reason}`).join('; ')}`,
    );
  }
  return parsed.data.entries.map((entry) => ({
    list,
    code: entry.code,
    labels: entry.labels,
    attributes: entry.attributes,
    validFrom: entry.validFrom ?? SINCE_ALWAYS,
    ...(entry.validTo === undefined ? {} : { validTo: entry.validTo }),
  }));
}
