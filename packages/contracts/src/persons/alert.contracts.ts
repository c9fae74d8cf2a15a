/**
 * Contracts of watchlist alerts on subjects, and of the watchlist hits raised when a subject with
 * an active alert appears in a case.
 */
import { type EventContract } from '../events';
import { type RequestContract } from '../requests';

export const alertRequestContracts: readonly RequestContract[] = [];
export const alertEventContracts: readonly EventContract[] = [];
