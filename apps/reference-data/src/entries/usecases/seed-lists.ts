import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { REFERENCE_LISTS, type ReferenceList } from '@opencen/contracts';
import { KIT_LOGGER, type createLogger, Clock } from '@opencen/nest-kit';

import { canonical, createEntry, entryViolations, type NewEntry } from '../domain/entry';
import { EntryRepository, SeedSources } from './ports';

/** What seeding did to one list. */
export interface ListSeeding {
  readonly list: ReferenceList;
  readonly outcome: 'seeded' | 'already seeded' | 'no source';
  /** Entries in the seed source. */
  readonly entries: number;
  /** Entries this run inserted; those already stored are left as they are. */
  readonly inserted: number;
  readonly ms: number;
}

/**
 * Fills the lists at start, from packages (countries, currencies) and the JSON files in `data/`.
 *
 * Idempotent, so every replica may run it at every start:
 * - a list records the fingerprint of the source it was seeded from; the same source again is
 *   skipped with one read, so a restart does nothing;
 * - otherwise only codes that are not stored yet are inserted (never an update): an
 *   administrator's change is never overwritten, and a new version of a source adds its new codes
 *   without resurrecting or reverting anything; two replicas seeding at once insert each code once
 *   (the code is the document id, the slower insert is dropped as a duplicate).
 *
 * Seeded entries emit no events: a first start would publish thousands that every consumer must
 * read. Consumers take a snapshot (`reference.list.snapshot`) when they start and follow entry
 * events after it; the snapshot version grows with every seed that inserts something.
 */
@Injectable()
export class SeedLists {
  constructor(
    private readonly entries: EntryRepository,
    private readonly sources: SeedSources,
    private readonly clock: Clock,
    @Inject(KIT_LOGGER) private readonly logger: ReturnType<typeof createLogger>,
  ) {}

  async execute(lists: readonly ReferenceList[] = REFERENCE_LISTS): Promise<ListSeeding[]> {
    const started = Date.now();
    const results: ListSeeding[] = [];
    for (const list of lists) results.push(await this.seed(list));
    this.logger.info(
      {
        inserted: results.reduce((sum, result) => sum + result.inserted, 0),
        ms: Date.now() - started,
      },
      'Reference lists seeded',
    );
    return results;
  }

  private async seed(list: ReferenceList): Promise<ListSeeding> {
    const started = Date.now();
    const source = await this.sources.load(list);
    if (!source) {
      this.logger.warn({ list }, 'No seed source for this list: it starts empty');
      return { list, outcome: 'no source', entries: 0, inserted: 0, ms: Date.now() - started };
    }
    const fingerprint = fingerprintOf(source);
    const record = await this.entries.seedRecord(list);
    if (record?.fingerprint === fingerprint) {
      const ms = Date.now() - started;
      this.logger.info(
        { list, entries: source.length, ms },
        'List already seeded from this source',
      );
      return { list, outcome: 'already seeded', entries: source.length, inserted: 0, ms };
    }
    const now = this.clock.now();
    const entries = source.map((fields) => createEntry(fields, now));
    assertSeedFollowsRules(
      list,
      entries.map((entry) => ({ code: entry.code, violations: entryViolations(entry) })),
    );
    const inserted = await this.entries.insertMissing(entries);
    await this.entries.recordSeed(list, { fingerprint, entries: entries.length, seededAt: now });
    const ms = Date.now() - started;
    this.logger.info({ list, entries: entries.length, inserted, ms }, 'List seeded');
    return { list, outcome: 'seeded', entries: entries.length, inserted, ms };
  }
}

function fingerprintOf(source: readonly NewEntry[]): string {
  return createHash('sha256').update(canonical(source)).digest('hex');
}

/**
 * A seed source ships with the code, so a broken one is a bug to fix before release: the service
 * refuses to start with it rather than serve a list with holes.
 */
function assertSeedFollowsRules(
  list: ReferenceList,
  checked: readonly { code: string; violations: readonly { path: string; reason: string }[] }[],
): void {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const { code, violations } of checked) {
    if (seen.has(code)) problems.push(`${code}: appears twice`);
    seen.add(code);
    problems.push(
      ...violations.map((violation) => `${code}: ${violation.path} ${violation.reason}`),
    );
  }
  if (problems.length > 0) {
    throw new Error(
      `The seed of ${list} breaks the list's rules: ${problems.slice(0, 10).join('; ')}`,
    );
  }
}
