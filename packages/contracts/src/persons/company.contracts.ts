/**
 * Contracts of the persons service for companies (legal persons): the nCEN company database. Like
 * persons, a create looks for companies already known (by exact numbers after normalisation, and
 * by name) and never merges silently. Events carry ids, office, version and classification only.
 */
import { z } from 'zod';

import { CLASSIFICATIONS } from '../classification';
import { defineRequest } from '../requests';
import {
  mergeRecordFields,
  recordMergeFields,
  officeRecordContracts,
  officeRecordFields,
  recordCandidateFields,
  recordPageRequestFields,
} from './office-record.contracts';
import { addressSchema, countryCodeSchema } from './person.contracts';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().min(1).max(64);

/** A name the company bears or bore; one without `to` is a current name. */
export const companyNameSchema = z.strictObject({
  name: text(200),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export const COMPANY_PERSON_ROLES = ['director', 'owner', 'employee', 'representative'] as const;

export const companyPersonLinkSchema = z.strictObject({
  personId: id,
  role: z.enum(COMPANY_PERSON_ROLES),
});

/** What an officer enters for a company; everything but a name and the country may be unknown. */
export const companyDraftSchema = z.strictObject({
  names: z.array(companyNameSchema).min(1).max(20),
  /** ISO 3166-1 alpha-2 of the country of registration, checked against reference data. */
  country: countryCodeSchema,
  registrationNumber: text(40).optional(),
  taxNumber: text(40).optional(),
  vatNumber: text(40).optional(),
  eoriNumber: text(40).optional(),
  addresses: z.array(addressSchema).max(10).default([]),
  activity: text(200).optional(),
  linkedPersons: z.array(companyPersonLinkSchema).max(100).default([]),
  classification: z.enum(CLASSIFICATIONS).default('restricted'),
});
export type CompanyDraft = z.infer<typeof companyDraftSchema>;

/**
 * A merge recorded on the surviving company, with what it added (removed again by an undo); the
 * states are those of a person merge (`personMergeSchema`).
 */
export const companyMergeSchema = z.object({
  ...mergeRecordFields,
  added: z.object({
    /** The merged company's names the survivor did not bear, kept as its names. */
    names: z.array(companyNameSchema),
    addresses: z.array(addressSchema),
    linkedPersons: z.array(companyPersonLinkSchema),
    /** Numbers and details the survivor did not have, taken from the merged company. */
    filled: z
      .object({
        registrationNumber: z.string().optional(),
        taxNumber: z.string().optional(),
        vatNumber: z.string().optional(),
        eoriNumber: z.string().optional(),
        activity: z.string().optional(),
      })
      .default({}),
  }),
});
export type CompanyMerge = z.infer<typeof companyMergeSchema>;

export const companySchema = companyDraftSchema.extend({
  ...officeRecordFields,
  ...recordMergeFields(companyMergeSchema),
});
export type Company = z.infer<typeof companySchema>;

export const companyCandidateSchema = z.object({
  company: companySchema,
  ...recordCandidateFields,
});
export type CompanyCandidate = z.infer<typeof companyCandidateSchema>;

/** The requests and events company records share with the other kinds (office-record.contracts). */
export const companyRecordContracts = officeRecordContracts({
  aggregate: 'company',
  words: { a: 'a company', noun: 'company', plural: 'companies' },
  record: companySchema,
  draft: companyDraftSchema,
  candidate: companyCandidateSchema,
  eventIdentity: { companyId: z.string() },
  describe: {
    create:
      'Records a company. A company of the same country with an equal registration, tax, VAT or EORI number, or an equal name, is a strong candidate: then it records nothing and returns the candidates, unless the officer confirms it is another company.',
    merge:
      "Merges one company into another, each at the version the caller saw: the survivor gains the merged one's names, addresses, linked persons and the numbers it lacked, and the merged id resolves to the survivor.",
  },
});

export const {
  create: createCompany,
  get: getCompany,
  update: updateCompany,
  history: companyHistory,
  merge: mergeCompanies,
  unmerge: unmergeCompanies,
  eventData: companyEventDataSchema,
  created: companyCreated,
  updated: companyUpdated,
  merged: companyMerged,
  unmerged: companyUnmerged,
} = companyRecordContracts;

/** What a search of companies looks for (an analytic rule's watch on companies saves the same). */
export const companySearchFilterFields = {
  name: text(200).optional(),
  number: text(40).optional(),
};

/** A search of companies names a name or a number: the refinement of its filter. */
export const companySearchFilterGiven = [
  (query: { name?: string; number?: string }) =>
    query.name !== undefined || query.number !== undefined,
  { message: 'give a name or a number', path: ['name'] as string[] },
] as const;

export const searchCompanies = defineRequest({
  service: 'persons',
  aggregate: 'company',
  verb: 'search',
  description:
    'Searches companies by name (every word of the query, normalised, in any script) or exactly by a registration, tax, VAT or EORI number after normalisation, a page at a time.',
  request: z
    .strictObject({ ...companySearchFilterFields, ...recordPageRequestFields })
    .refine(...companySearchFilterGiven),
  reply: z.object({ items: z.array(companySchema), nextCursor: z.string().optional() }),
});

export const companyRequestContracts = [
  createCompany,
  getCompany,
  updateCompany,
  searchCompanies,
  companyHistory,
  mergeCompanies,
  unmergeCompanies,
] as const;

export const companyEventContracts = [
  companyCreated,
  companyUpdated,
  companyMerged,
  companyUnmerged,
] as const;
