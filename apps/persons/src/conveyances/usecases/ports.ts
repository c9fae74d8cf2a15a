import { type Classification, type Conveyance } from '@opencen/contracts';

import { RecordStore } from '../../office-records/usecases/ports';

/**
 * Where means of conveyance are kept (the kernel's RecordStore); the store derives the identifier
 * keys (domain/conveyance `identifierKeysOf`) from the conveyance it is given, and its finder reads
 * the conveyances index.
 */
export abstract class ConveyanceRepository extends RecordStore<Conveyance> {
  /**
   * Conveyances holding at least one of the identifier keys, in id order, after `after` when
   * given, at most `limit` of them: duplicates on create and pages of a search.
   */
  abstract findByIdentifierKeys(
    keys: readonly string[],
    after: string | undefined,
    limit: number,
    readable: readonly Classification[],
  ): Promise<Conveyance[]>;
}
