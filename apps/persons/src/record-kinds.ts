import { companyKind } from './companies/domain/company-kind';
import { conveyanceKind } from './conveyances/domain/conveyance-kind';
import { type RecordKinds } from './office-records/domain/record-kind';
import { personKind } from './persons/domain/person-kind';

/** The three kinds of office-owned record this service keeps, for the commands that take all. */
export const RECORD_KINDS: RecordKinds = {
  person: personKind,
  company: companyKind,
  conveyance: conveyanceKind,
};
