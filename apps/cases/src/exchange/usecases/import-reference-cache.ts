import { Injectable } from '@nestjs/common';
import { type ImportProblem, type ReferenceList } from '@opencen/contracts';

import { ReferenceCodes } from '../../cases/usecases/ports';
import { type RowCode } from '../domain/import-rows';

/** The reference service answers up to this many codes per request. */
const CODES_PER_REQUEST = 1000;

/**
 * What the reference service said of each code, per import job: each code is asked once per job
 * (one request per list per batch for the codes not seen yet), never once per cell.
 */
@Injectable()
export class ImportReferenceCache {
  private readonly jobs = new Map<string, Map<ReferenceList, Map<string, string | null>>>();

  constructor(private readonly reference: ReferenceCodes) {}

  /** The problems of the codes that are not valid, each at its row and column. */
  async problems(
    importId: string,
    codes: readonly (RowCode & { row: number })[],
  ): Promise<ImportProblem[]> {
    const job = this.jobs.get(importId) ?? new Map<ReferenceList, Map<string, string | null>>();
    this.jobs.set(importId, job);
    const lists = [...new Set(codes.map((c) => c.list))];
    await Promise.all(
      lists.map(async (list) => {
        const known = job.get(list) ?? new Map<string, string | null>();
        job.set(list, known);
        const unseen = [...new Set(codes.filter((c) => c.list === list).map((c) => c.code))].filter(
          (code) => !known.has(code),
        );
        for (let i = 0; i < unseen.length; i += CODES_PER_REQUEST) {
          const asked = unseen.slice(i, i + CODES_PER_REQUEST);
          const invalid = await this.reference.invalid(list, asked);
          for (const code of asked) known.set(code, invalid.get(code) ?? null);
        }
      }),
    );
    return codes.flatMap(({ list, code, column, row }) => {
      const reason = job.get(list)?.get(code);
      return reason ? [{ row, column, reason: `"${code}" ${list}: ${reason}` }] : [];
    });
  }

  forget(importId: string): void {
    this.jobs.delete(importId);
  }
}
