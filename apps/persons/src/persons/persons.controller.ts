import {
  createPerson,
  getPerson,
  matchPersons,
  mergePersons,
  personHistory,
  searchPersons,
  unmergePersons,
  updatePerson,
} from '@opencen/contracts';

import { recordRequestHandlers } from '../office-records/record-handlers';
import { PersonRecords } from './usecases/person-records';

/** The `persons.person.*` request subjects, each handed to PersonRecords. */
export const PersonsController = recordRequestHandlers('PersonsController', PersonRecords, {
  match: matchPersons,
  create: createPerson,
  get: getPerson,
  update: updatePerson,
  search: searchPersons,
  history: personHistory,
  merge: mergePersons,
  unmerge: unmergePersons,
});
