import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  createReferenceEntry,
  deprecateReferenceEntry,
  getReferenceEntry,
  getReferenceSnapshot,
  listReferenceEntries,
  updateReferenceEntry,
  validateReferenceCodes,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { CreateEntry } from './usecases/create-entry';
import { DeprecateEntry } from './usecases/deprecate-entry';
import { GetEntry } from './usecases/get-entry';
import { GetSnapshot } from './usecases/get-snapshot';
import { ListEntries } from './usecases/list-entries';
import { UpdateEntry } from './usecases/update-entry';
import { ValidateCodes } from './usecases/validate-codes';

/**
 * The `reference.*` request subjects. HandleRequest has already validated the request against its
 * contract and will check the reply; each handler only hands the request to its use case.
 */
@Controller()
export class EntriesController {
  constructor(
    private readonly listEntries: ListEntries,
    private readonly getEntry: GetEntry,
    private readonly validateCodes: ValidateCodes,
    private readonly getSnapshot: GetSnapshot,
    private readonly createEntry: CreateEntry,
    private readonly updateEntry: UpdateEntry,
    private readonly deprecateEntry: DeprecateEntry,
  ) {}

  @HandleRequest(listReferenceEntries)
  list(
    request: HandlerRequestOf<typeof listReferenceEntries>,
  ): Promise<HandlerReplyOf<typeof listReferenceEntries>> {
    return this.listEntries.execute(request);
  }

  @HandleRequest(getReferenceEntry)
  get(
    request: HandlerRequestOf<typeof getReferenceEntry>,
  ): Promise<HandlerReplyOf<typeof getReferenceEntry>> {
    return this.getEntry.execute(request);
  }

  @HandleRequest(validateReferenceCodes)
  validate(
    request: HandlerRequestOf<typeof validateReferenceCodes>,
  ): Promise<HandlerReplyOf<typeof validateReferenceCodes>> {
    return this.validateCodes.execute(request);
  }

  @HandleRequest(getReferenceSnapshot)
  snapshot(
    request: HandlerRequestOf<typeof getReferenceSnapshot>,
  ): Promise<HandlerReplyOf<typeof getReferenceSnapshot>> {
    return this.getSnapshot.execute(request);
  }

  @HandleRequest(createReferenceEntry)
  create(
    request: HandlerRequestOf<typeof createReferenceEntry>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof createReferenceEntry>> {
    return this.createEntry.execute({ ...request, context });
  }

  @HandleRequest(updateReferenceEntry)
  update(
    request: HandlerRequestOf<typeof updateReferenceEntry>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof updateReferenceEntry>> {
    return this.updateEntry.execute({ ...request, context });
  }

  @HandleRequest(deprecateReferenceEntry)
  deprecate(
    request: HandlerRequestOf<typeof deprecateReferenceEntry>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof deprecateReferenceEntry>> {
    return this.deprecateEntry.execute({ ...request, context });
  }
}
