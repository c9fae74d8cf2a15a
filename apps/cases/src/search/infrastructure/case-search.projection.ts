import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type EventContract,
  caseEventContracts,
  casePhotoEventContracts,
  caseSubjectEventContracts,
  caseWorkflowEventContracts,
  consumerName,
} from '@opencen/contracts';
import {
  type ProjectedDocument,
  type SearchProjection,
  SearchService,
  WITHOUT_OUTBOX,
} from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { CASE_MODEL, type CaseDocument } from '../../cases/infrastructure/case.schema';
import { PHOTO_MODEL, type PhotoDocument } from '../../photos/infrastructure/photo.schema';
import { CASE_SEARCH_INDEX, caseSearchDocument, photoIdsOf } from './case-search.index';

/** The index document of a stored case, with those of its photos that are complete. */
export async function caseWithPhotos(
  stored: CaseDocument,
  photoById: (
    id: string,
  ) => Promise<Pick<PhotoDocument, '_id' | 'kind' | 'caption' | 'status'> | null>,
): Promise<ProjectedDocument> {
  const found = await Promise.all(photoIdsOf(stored).map(photoById));
  const complete = found.filter((photo) => photo?.status === 'complete');
  return caseSearchDocument(
    stored,
    complete.map((photo) => ({ id: photo!._id, kind: photo!.kind, caption: photo!.caption })),
  );
}

/** Every event that changes what the cases index holds of a case (its subject is the case). */
export const CASE_INDEX_EVENTS: readonly EventContract[] = [
  ...caseEventContracts,
  ...caseWorkflowEventContracts,
  ...caseSubjectEventContracts,
  ...casePhotoEventContracts,
].filter((contract) => contract.aggregate === 'case');

/** Keeps the cases index up to date from the cases' events (durable consumer `cases-search`). */
@Injectable()
export class CaseSearchProjection implements OnModuleInit {
  readonly projection: SearchProjection;

  constructor(
    private readonly search: SearchService,
    @InjectModel(CASE_MODEL) cases: Model<CaseDocument>,
    @InjectModel(PHOTO_MODEL) photos: Model<PhotoDocument>,
  ) {
    this.projection = {
      durable: consumerName('cases', 'search'),
      index: CASE_SEARCH_INDEX,
      events: CASE_INDEX_EVENTS,
      load: async (id) => {
        const stored = await cases
          .findById(id, { comments: 0, repoints: 0, ...WITHOUT_OUTBOX })
          .lean<CaseDocument>();
        return stored
          ? caseWithPhotos(stored, (photoId) =>
              photos.findById(photoId, { kind: 1, caption: 1, status: 1 }).lean<PhotoDocument>(),
            )
          : null;
      },
    };
  }

  async onModuleInit(): Promise<void> {
    await this.search.project(this.projection);
  }
}
