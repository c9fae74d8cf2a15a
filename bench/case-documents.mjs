// Case drafts and stored case documents for the benchmarks: varied, deterministic, valid against
// the reference lists, with the dimensions derived by the cases service's own code.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { dimensionsOf } = require(path.join(root, 'apps/cases/dist/cases/domain/dimensions.js'));
const { caseDraftSchema } = require('@opencen/contracts');

export const OFFICES = ['FRA-CDG', 'FRA-LEH', 'FRA-PAR'];
const COUNTRIES = ['BR', 'CO', 'PE', 'NL', 'BE', 'ES', 'PT', 'MA', 'TR', 'CN', 'VN', 'NG', 'FR'];
const METHODS = [
  'XRAY_SCANNER',
  'SNIFFER_DOG',
  'RISK_PROFILING',
  'RANDOM_CHECK',
  'DOCUMENTARY_CHECK',
];
const CONCEALMENTS = ['BAGGAGE', 'BAGGAGE_FALSE_BOTTOM', 'ON_BODY', 'CARGO_MIXED', 'INSIDE_GOODS'];
const GOODS = [
  {
    commodityCategory: 'DRUGS',
    hsCode: '293979',
    unit: 'KGM',
    currency: 'EUR',
    words: 'cocaine bricks',
  },
  {
    commodityCategory: 'DRUGS',
    hsCode: '121190',
    unit: 'KGM',
    currency: 'EUR',
    words: 'cannabis resin',
  },
  {
    commodityCategory: 'TOBACCO',
    hsCode: '240220',
    unit: 'STICK',
    currency: 'EUR',
    words: 'cigarettes without stamps',
  },
  {
    commodityCategory: 'COUNTERFEIT_IPR',
    hsCode: '420221',
    unit: 'H87',
    currency: 'USD',
    words: 'counterfeit handbags',
  },
  {
    commodityCategory: 'ALCOHOL',
    hsCode: '220830',
    unit: 'LTR',
    currency: 'EUR',
    words: 'whisky bottles',
  },
];

/** The i-th draft: a month of 2025-2026, a route of 2-3 countries, 1-3 items. */
export function draftOf(i, office) {
  const pick = (list, k = 0) => list[(i * 7 + k * 13) % list.length];
  const month = (i % 24) + 1;
  const year = 2025 + Math.floor((month - 1) / 12);
  const detectedAt = `${year}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15:00Z`;
  const items = Array.from({ length: (i % 3) + 1 }, (_, k) => {
    const goods = pick(GOODS, k);
    return {
      commodityCategory: goods.commodityCategory,
      hsCode: goods.hsCode,
      description: `${goods.words} lot ${i % 97}`,
      quantity: ((i % 50) + 1) * (goods.unit === 'KGM' || goods.unit === 'LTR' ? 0.5 : 100),
      unit: goods.unit,
      estimatedValue: { amount: ((i % 40) + 1) * 250, currency: goods.currency },
      concealment: { method: pick(CONCEALMENTS, k) },
    };
  });
  return {
    type: i % 10 === 0 ? 'offence' : 'seizure',
    detectedAt,
    location: { office, country: 'FR' },
    detectionMethods: [pick(METHODS)],
    items,
    route: {
      departureCountry: pick(COUNTRIES),
      transitCountries: i % 2 ? [pick(COUNTRIES, 1)] : [],
      destinationCountry: 'FR',
    },
    narrative: `Selected by ${pick(METHODS).toLowerCase().replace('_', ' ')}; ${items[0].description}`,
  };
}

/** The stored document of a case, as the service writes it (its own dimension derivation). */
export function documentOf(i, office, at) {
  const draft = caseDraftSchema.parse(draftOf(i, office));
  const kase = {
    ...draft,
    id: `bench-${i}`,
    number: `${office.replace(/[^A-Z0-9]/g, '')}-2026-${String(900000 + i).padStart(7, '0')}`,
    office,
    status: ['draft', 'submitted', 'validated', 'closed'][i % 4],
    assignedInvestigators: [],
    tasks: [],
    workflow: [],
    createdAt: at,
    createdBy: 'bench',
    updatedAt: at,
    updatedBy: 'bench',
    version: 1,
  };
  const { id, ...fields } = kase;
  return {
    _id: id,
    ...fields,
    detectedAt: new Date(draft.detectedAt),
    createdAt: new Date(at),
    updatedAt: new Date(at),
    ...dimensionsOf(kase),
    history: [{ version: 1, at: new Date(at), by: 'bench', change: 'created', fields: [] }],
    comments: [],
    repoints: [],
    outbox: [],
  };
}

/**
 * Bulk cases are numbered in an earlier year, so that the creations through the API (numbered in
 * the current year) never meet them; their sequences have six digits like the service's.
 */
export const BULK_YEAR = new Date().getUTCFullYear() - 1;
export const BULK_SEQUENCE = 100000;

/**
 * `n` bulk cases from the `from`-th, over the offices in turn, each with the key document of its
 * number (a used claim), as the cases service stores them.
 */
export function bulkCases(from, n, at) {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const office = OFFICES[i % OFFICES.length];
    const scope = `${office.replace(/[^A-Z0-9]/g, '')}-${BULK_YEAR}`;
    const sequence = BULK_SEQUENCE + i;
    return {
      kase: { ...documentOf(i, office, at), number: `${scope}-${sequence}` },
      claim: {
        _id: `${scope}#${sequence}`,
        scope,
        sequence,
        caseId: `bench-${i}`,
        used: true,
        claimedAt: new Date(at),
      },
    };
  });
}
