/**
 * The part of a person that matching looks at. Names are kept as written, in any script; the
 * matching code normalises them. The full person record (addresses, phones, notes…) comes later.
 */

/** Identity document types (the list), compared by type when both sides give one. */
export type DocumentType =
  'passport' | 'national-id' | 'driving-licence' | 'residence-permit' | 'seamans-book';

export interface IdentityDocument {
  type: DocumentType;
  number: string;
  /** ISO 3166-1 alpha-3 (as in passports), when known. */
  issuingCountry?: string;
}

export interface PersonName {
  family?: string;
  given?: string;
}

export interface PersonForMatching extends PersonName {
  aliases?: PersonName[];
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  dateOfBirth?: string;
  /** ISO 3166-1 alpha-3 codes. */
  nationalities?: string[];
  documents?: IdentityDocument[];
}

/** Words for explanations: "passport number equal after normalisation". */
export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  passport: 'passport',
  'national-id': 'national ID',
  'driving-licence': 'driving licence',
  'residence-permit': 'residence permit',
  'seamans-book': "seaman's book",
};
