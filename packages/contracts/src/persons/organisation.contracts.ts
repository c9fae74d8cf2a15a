/**
 * Contracts of the persons service for companies (legal persons) and means of conveyance.
 */
import { type EventContract } from '../events';
import { type RequestContract } from '../requests';

export const organisationRequestContracts: readonly RequestContract[] = [];
export const organisationEventContracts: readonly EventContract[] = [];
