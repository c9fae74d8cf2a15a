import {
  conveyanceHistory,
  createConveyance,
  getConveyance,
  mergeConveyances,
  searchConveyances,
  unmergeConveyances,
  updateConveyance,
} from '@opencen/contracts';

import { recordRequestHandlers } from '../office-records/record-handlers';
import { ConveyanceRecords } from './usecases/conveyance-records';

/** The `persons.conveyance.*` request subjects, each handed to ConveyanceRecords. */
export const ConveyancesController = recordRequestHandlers(
  'ConveyancesController',
  ConveyanceRecords,
  {
    create: createConveyance,
    get: getConveyance,
    update: updateConveyance,
    search: searchConveyances,
    history: conveyanceHistory,
    merge: mergeConveyances,
    unmerge: unmergeConveyances,
  },
);
