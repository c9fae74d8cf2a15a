import { type CaseOrder, type CasePosition, type CaseQuery } from '../domain/case-query';

type Condition = Record<string, unknown>;

/**
 * The MongoDB filter of a query, on the fields and dimensions stored with each case and their
 * indexes (infrastructure/case.schema.ts of cases). Only operators that FerretDB 1.24 has too:
 * equality on array elements, $in, $all, $gte/$lt, an anchored $regex on digits, $and/$or.
 */
export function caseFilter(query: CaseQuery): Condition {
  const and: Condition[] = [];
  const { scope } = query;
  if (!scope.all) {
    const readable: Condition[] = [];
    if (scope.offices.length > 0) readable.push({ office: { $in: [...scope.offices] } });
    if (scope.assignedTo !== undefined) readable.push({ assignedInvestigators: scope.assignedTo });
    if (scope.statuses.length > 0) readable.push({ status: { $in: [...scope.statuses] } });
    and.push(readable.length === 1 ? readable[0]! : { $or: readable });
  }
  if (query.detectedFrom || query.detectedBefore) {
    and.push({
      detectedAt: {
        ...(query.detectedFrom ? { $gte: query.detectedFrom } : {}),
        ...(query.detectedBefore ? { $lt: query.detectedBefore } : {}),
      },
    });
  }
  if (query.office !== undefined) and.push({ office: query.office });
  if (query.status !== undefined) and.push({ status: query.status });
  if (query.type !== undefined) and.push({ type: query.type });
  if (query.commodityCategory !== undefined) {
    and.push({ commodityCategories: query.commodityCategory });
  }
  if (query.hsPrefix !== undefined) and.push(...hsConditions(query.hsPrefix));
  if (query.country !== undefined) and.push({ routeCountries: query.country });
  if (query.detectionMethod !== undefined) and.push({ detectionMethods: query.detectionMethod });
  if (query.concealmentMethod !== undefined) {
    and.push({ concealmentMethods: query.concealmentMethod });
  }
  if (query.partyId !== undefined) {
    and.push({ subjectKeys: { $in: [`person:${query.partyId}`, `company:${query.partyId}`] } });
  }
  if (query.conveyanceId !== undefined) {
    and.push({ subjectKeys: `conveyance:${query.conveyanceId}` });
  }
  if (query.words !== undefined) and.push({ keywords: { $all: [...query.words] } });
  if (and.length === 0) return {};
  return and.length === 1 ? and[0]! : { $and: and };
}

/**
 * A heading or longer prefix is first narrowed by the indexed 4-digit heading, then matched on
 * the codes; a chapter (2 or 3 digits) is matched on the headings. The prefix is digits only
 * (the contract says so), so it is safe in a regular expression.
 */
function hsConditions(prefix: string): Condition[] {
  if (!/^\d+$/.test(prefix)) throw new Error(`Not an HS prefix: ${prefix}`);
  if (prefix.length < 4) return [{ hsHeadings: { $regex: `^${prefix}` } }];
  const heading = { hsHeadings: prefix.slice(0, 4) };
  return prefix.length === 4 ? [heading] : [heading, { hsCodes: { $regex: `^${prefix}` } }];
}

/**
 * Every field a search, a count, a statistic or a page position may filter on: what the cases
 * service allows to be queried not by key until search moves to OpenSearch (app.module.ts).
 */
export const CASE_SEARCH_FIELDS = [
  '_id',
  'office',
  'assignedInvestigators',
  'status',
  'detectedAt',
  'updatedAt',
  'number',
  'type',
  'commodityCategories',
  'hsHeadings',
  'hsCodes',
  'routeCountries',
  'detectionMethods',
  'concealmentMethods',
  'subjectKeys',
  'keywords',
] as const;

/** The stored field of each sort. */
export const SORT_FIELDS = {
  detectedAt: 'detectedAt',
  updatedAt: 'updatedAt',
  number: 'number',
} as const;

/** The sort of a page: the field, then the id ascending so that equal keys keep one order. */
export function caseSort(order: CaseOrder): Record<string, 1 | -1> {
  return { [SORT_FIELDS[order.field]]: order.direction === 'asc' ? 1 : -1, _id: 1 };
}

/**
 * The cases after a position in that order. Missing detection dates sort as null, lowest of all:
 * last when descending, first when ascending; `{ field: null }` matches them.
 */
export function afterPosition(order: CaseOrder, position: CasePosition): Condition {
  const field = SORT_FIELDS[order.field];
  const sameKeyLaterId = { [field]: position.value, _id: { $gt: position.id } };
  if (position.value === null) {
    return order.direction === 'desc'
      ? sameKeyLaterId
      : { $or: [sameKeyLaterId, { [field]: { $ne: null } }] };
  }
  const beyond = { [field]: { [order.direction === 'desc' ? '$lt' : '$gt']: position.value } };
  const conditions: Condition[] = [beyond, sameKeyLaterId];
  if (order.direction === 'desc' && order.field === 'detectedAt') {
    conditions.push({ [field]: null });
  }
  return { $or: conditions };
}
