import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type CaseImport,
  type CloudEvent,
  IMPORT_PROBLEMS_KEPT,
  type ImportProblem,
} from '@opencen/contracts';
import { EventBus, documentWriteLock, isDuplicateKeyError, withEvents } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { type StagedRow } from '../domain/import-rows';
import {
  ExportRecords,
  type ImportCounts,
  type ImportKey,
  ImportRecords,
  ImportKeys,
  type ImportRun,
  ImportRuns,
  type ImportRunStart,
  ImportStaging,
  type StoredExport,
} from '../usecases/ports';
import { CASE_IMPORT_RUNS_COLLECTION } from './exchange.schema';

export const CASE_EXPORT_MODEL = 'CaseExport';
export const CASE_IMPORT_MODEL = 'CaseImport';
export const CASE_IMPORT_ROW_MODEL = 'CaseImportRow';
export const CASE_IMPORT_KEY_MODEL = 'CaseImportKey';
export const CASE_IMPORT_RUN_MODEL = 'CaseImportRun';

@Injectable()
export class MongoExportRecords extends ExportRecords {
  constructor(
    @InjectModel(CASE_EXPORT_MODEL) private readonly exports: Model<Record<string, unknown>>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async insert(record: StoredExport): Promise<void> {
    const { id, at, completedAt: _completedAt, ...rest } = record;
    await this.exports.collection.insertOne({
      ...rest,
      _id: id,
      at: new Date(at),
      outbox: [],
    } as never);
  }

  async find(id: string): Promise<StoredExport | null> {
    const document = await this.exports
      .findById(id, { outbox: 0 })
      .lean<Record<string, unknown> | null>();
    if (!document) return null;
    const { _id, at, completedAt, ...rest } = document;
    return {
      ...(rest as Omit<StoredExport, 'id' | 'at' | 'completedAt'>),
      id: _id as string,
      at: (at as Date).toISOString(),
      ...(completedAt instanceof Date ? { completedAt: completedAt.toISOString() } : {}),
    };
  }

  async addPage(
    id: string,
    pagesBefore: number,
    caseIds: string[],
    last: boolean,
    at: Date,
    event: CloudEvent,
  ): Promise<boolean> {
    const result = await this.events.storeEvents(this.exports.collection.collectionName, id, () =>
      this.exports.updateOne(
        { _id: id, pages: pagesBefore },
        withEvents(
          {
            $inc: { pages: 1 },
            $push: { caseIds: { $each: caseIds } },
            ...(last ? { $set: { status: 'complete', completedAt: at } } : {}),
          },
          [event],
        ),
      ),
    );
    return result.modifiedCount === 1;
  }
}

@Injectable()
export class MongoImportRecords extends ImportRecords {
  constructor(
    @InjectModel(CASE_IMPORT_MODEL) private readonly jobs: Model<Record<string, unknown>>,
  ) {
    super();
  }

  async insert(job: CaseImport): Promise<void> {
    const { id, at, ...rest } = job;
    await this.jobs.collection.insertOne({ ...rest, _id: id, at: new Date(at) } as never);
  }

  async find(id: string): Promise<CaseImport | null> {
    const document = await this.jobs.findById(id).lean<Record<string, unknown> | null>();
    if (!document) return null;
    const { _id, at, finishedAt, problems, ...rest } = document;
    return {
      ...(rest as Omit<CaseImport, 'id' | 'at' | 'finishedAt' | 'problems'>),
      id: _id as string,
      at: (at as Date).toISOString(),
      ...(finishedAt instanceof Date ? { finishedAt: finishedAt.toISOString() } : {}),
      problems: [...(problems as ImportProblem[])].sort((a, b) => a.row - b.row),
    };
  }

  async record(
    id: string,
    counts: ImportCounts,
    problems: ImportProblem[],
    set: Partial<Pick<CaseImport, 'status' | 'finishedAt'>> = {},
  ): Promise<void> {
    let kept: ImportProblem[] = [];
    if (problems.length > 0) {
      // One writer per job at a time (the batches of a job come one after the other).
      const current = await this.jobs.findById(id, { problemCount: 1 }).lean<{
        problemCount: number;
      }>();
      kept = problems.slice(0, Math.max(0, IMPORT_PROBLEMS_KEPT - (current?.problemCount ?? 0)));
    }
    const { finishedAt, ...fields } = set;
    await this.jobs.updateOne(
      { _id: id },
      {
        $inc: { ...counts, problemCount: (counts.problemCount ?? 0) + problems.length },
        ...(kept.length > 0 ? { $push: { problems: { $each: kept } } } : {}),
        $set: { ...fields, ...(finishedAt ? { finishedAt: new Date(finishedAt) } : {}) },
      },
    );
  }

  async move(id: string, from: CaseImport['status'], to: CaseImport['status']): Promise<boolean> {
    const result = await this.jobs.updateOne({ _id: id, status: from }, { $set: { status: to } });
    return result.modifiedCount === 1;
  }

  async rewind(id: string, to: ImportRunStart): Promise<void> {
    // Problems are kept in the order found: the rows' own first, then the run's.
    const current = await this.jobs.findById(id, { problems: 1 }).lean<{
      problems?: ImportProblem[];
    }>();
    await this.jobs.updateOne(
      { _id: id },
      {
        $set: {
          cases: 0,
          validCases: 0,
          imported: 0,
          alreadyImported: 0,
          failed: 0,
          badRows: to.badRows,
          problemCount: to.problemCount,
          problems: (current?.problems ?? []).slice(0, to.problemsKept),
        },
      },
    );
  }
}

@Injectable()
export class MongoImportStaging extends ImportStaging {
  constructor(
    @InjectModel(CASE_IMPORT_ROW_MODEL) private readonly rows: Model<Record<string, unknown>>,
  ) {
    super();
  }

  async add(importId: string, rows: StagedRow[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.rows.collection.insertMany(
        rows.map((row) => ({ _id: `${importId}#${row.row}`, importId, ...row })) as never[],
        { ordered: false },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async *groups(importId: string): AsyncIterable<StagedRow[]> {
    const cursor = this.rows
      .find({ importId }, { _id: 0, importId: 0 })
      .sort({ reference: 1, row: 1 })
      .lean<StagedRow[]>()
      .cursor();
    let group: StagedRow[] = [];
    for await (const row of cursor as AsyncIterable<StagedRow>) {
      if (group.length > 0 && group[0]!.reference !== row.reference) {
        yield group;
        group = [];
      }
      group.push(row);
    }
    if (group.length > 0) yield group;
  }

  async clear(importId: string): Promise<void> {
    await this.rows.deleteMany({ importId });
  }
}

@Injectable()
export class MongoImportKeys extends ImportKeys {
  constructor(
    @InjectModel(CASE_IMPORT_KEY_MODEL) private readonly keys: Model<Record<string, unknown>>,
  ) {
    super();
  }

  async claim(
    office: string,
    reference: string,
    caseId: string,
    importId: string,
  ): Promise<ImportKey> {
    const _id = `${office}#${reference}`;
    try {
      await this.keys.collection.insertOne({
        _id,
        caseId,
        office,
        reference,
        importId,
        at: new Date(),
      } as never);
      return { caseId, importId };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const claimed = await this.keys
        .findById(_id, { caseId: 1, importId: 1 })
        .lean<{ caseId: string; importId: string }>();
      if (!claimed) throw error;
      return { caseId: claimed.caseId, importId: claimed.importId };
    }
  }
}

interface ImportRunDocument extends Omit<ImportRun, 'importId'> {
  _id: string;
}

@Injectable()
export class MongoImportRuns extends ImportRuns {
  constructor(@InjectModel(CASE_IMPORT_RUN_MODEL) private readonly runs: Model<ImportRunDocument>) {
    super();
  }

  async open(run: ImportRun): Promise<boolean> {
    const { importId, ...fields } = run;
    try {
      await this.runs.collection.insertOne({ _id: importId, ...fields } as never);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async all(): Promise<ImportRun[]> {
    const documents = await this.runs.find({}).lean<ImportRunDocument[]>();
    return documents.map(({ _id, ...fields }) => ({ ...fields, importId: _id }));
  }

  async renew(owner: string, at: Date): Promise<void> {
    await this.runs.updateMany({ owner }, { $set: { renewedAt: at } });
  }

  async takeOver(seen: ImportRun, owner: string, at: Date): Promise<boolean> {
    // The lease as it was read: a replica that took it over or renewed it meanwhile keeps it.
    const result = await documentWriteLock.run(CASE_IMPORT_RUNS_COLLECTION, seen.importId, () =>
      this.runs.updateOne(
        { _id: seen.importId, owner: seen.owner, renewedAt: seen.renewedAt },
        { $set: { owner, renewedAt: at } },
      ),
    );
    return result.modifiedCount === 1;
  }

  async release(importId: string, owner: string, failed: boolean): Promise<void> {
    await documentWriteLock.run(CASE_IMPORT_RUNS_COLLECTION, importId, () =>
      this.runs.updateOne(
        { _id: importId, owner },
        { $set: { owner: null }, ...(failed ? { $inc: { failures: 1 } } : {}) },
      ),
    );
  }

  async close(importId: string): Promise<void> {
    await this.runs.deleteOne({ _id: importId });
  }
}
