/**
 * Events of the cases service that name the persons, companies and conveyances of a case. The
 * cases service does not exist yet; these are defined now so that the persons service can consume
 * them exactly as the cases service will publish them.
 */
import { type EventContract } from '../events';

export const caseSubjectEventContracts: readonly EventContract[] = [];
