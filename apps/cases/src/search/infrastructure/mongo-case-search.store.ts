import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type CaseSummary, type StatisticsDimension, caseSummarySchema } from '@opencen/contracts';
import { Model } from 'mongoose';

import { CASE_MODEL, type CaseDocument } from '../../cases/infrastructure/case.schema';
import { type CaseOrder, type CasePosition, type CaseQuery } from '../domain/case-query';
import { CaseSearchStore, type FoundCase, type StatisticsSum } from '../usecases/ports';
import { SORT_FIELDS, afterPosition, caseFilter, caseSort } from './case-filter';

/** What a summary needs of a stored case, and nothing else. */
const SUMMARY_PROJECTION = {
  number: 1,
  type: 1,
  status: 1,
  office: 1,
  detectedAt: 1,
  updatedAt: 1,
  commodityCategories: 1,
  routeCountries: 1,
  itemCount: 1,
  parties: 1,
} as const;

interface SummaryDocument {
  _id: string;
  number: string;
  type: string;
  status: string;
  office: string;
  detectedAt?: Date | null;
  updatedAt: Date;
  commodityCategories?: string[];
  routeCountries?: string[];
  itemCount?: number;
  parties?: unknown[];
}

interface SumDocument {
  _id: {
    dimension: StatisticsDimension;
    key: string;
    figure: StatisticsSum['figure'];
    unit: string;
  };
  amount: number;
}

/** Search and statistics on the cases collection of the cases service. */
@Injectable()
export class MongoCaseSearchStore extends CaseSearchStore {
  constructor(@InjectModel(CASE_MODEL) private readonly cases: Model<CaseDocument>) {
    super();
  }

  async page(
    query: CaseQuery,
    order: CaseOrder,
    limit: number,
    after?: CasePosition,
  ): Promise<FoundCase[]> {
    const filter = caseFilter(query);
    const paged = after ? { $and: [filter, afterPosition(order, after)] } : filter;
    const documents = await this.cases
      .find(paged, SUMMARY_PROJECTION)
      .sort(caseSort(order))
      .limit(limit)
      .lean<SummaryDocument[]>();
    return documents.map((document) => ({
      summary: summaryOf(document),
      position: positionOf(document, order),
    }));
  }

  count(query: CaseQuery): Promise<number> {
    return this.cases.countDocuments(caseFilter(query)).exec();
  }

  /**
   * One `$unwind` of the stored measures and one `$sum`: FerretDB 1.24 returns nothing after two
   * `$unwind`s, computes only the first accumulator of a `$group`, and crashes on `$unwind` after
   * a `$project` that drops `_id` (so there is no projection stage).
   */
  async sums(query: CaseQuery): Promise<StatisticsSum[]> {
    const documents = await this.cases
      .aggregate<SumDocument>([
        { $match: caseFilter(query) },
        { $unwind: '$measures' },
        {
          $group: {
            _id: {
              dimension: '$measures.dimension',
              key: '$measures.key',
              figure: '$measures.figure',
              unit: '$measures.unit',
            },
            amount: { $sum: '$measures.amount' },
          },
        },
      ])
      .exec();
    return documents.map(({ _id, amount }) => ({ ..._id, amount }));
  }
}

function summaryOf(document: SummaryDocument): CaseSummary {
  return caseSummarySchema.parse({
    id: document._id,
    number: document.number,
    type: document.type,
    status: document.status,
    office: document.office,
    ...(document.detectedAt ? { detectedAt: document.detectedAt.toISOString() } : {}),
    updatedAt: document.updatedAt.toISOString(),
    commodityCategories: document.commodityCategories ?? [],
    routeCountries: document.routeCountries ?? [],
    itemCount: document.itemCount ?? 0,
    partyCount: document.parties?.length ?? 0,
  });
}

function positionOf(document: SummaryDocument, order: CaseOrder): CasePosition {
  const value = document[SORT_FIELDS[order.field]];
  return { value: value ?? null, id: document._id };
}
