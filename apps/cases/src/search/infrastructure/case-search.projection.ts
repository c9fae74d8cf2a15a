import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type Case,
  type EventContract,
  caseEventContracts,
  casePhotoEventContracts,
  caseSubjectEventContracts,
  caseWorkflowEventContracts,
  consumerName,
} from '@opencen/contracts';
import { type ProjectedDocument, type SearchProjection, SearchService } from '@opencen/nest-kit';

import { CaseRepository } from '../../cases/usecases/ports';
import { PhotoStore } from '../../photos/usecases/ports';
import { CASE_SEARCH_INDEX, caseSearchDocument } from './case-search.index';

/** What the index needs of a photo the case's history names. */
export interface PhotoOfCase {
  readonly id: string;
  readonly kind: string;
  readonly caption?: string;
  readonly status: string;
}

/**
 * The index document of a case, with those of the photos its history names that are complete
 * (the projection reads them through the photos module, the reindex command from the store).
 */
export async function caseWithPhotos(
  kase: Case,
  photoIds: readonly string[],
  photoById: (id: string) => Promise<PhotoOfCase | null>,
): Promise<ProjectedDocument> {
  const found = await Promise.all(photoIds.map(photoById));
  const complete = found.filter((photo) => photo?.status === 'complete');
  return caseSearchDocument(
    kase,
    complete.map((photo) => ({ id: photo!.id, kind: photo!.kind, caption: photo!.caption })),
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
    cases: CaseRepository,
    photos: PhotoStore,
  ) {
    this.projection = {
      durable: consumerName('cases', 'search'),
      index: CASE_SEARCH_INDEX,
      events: CASE_INDEX_EVENTS,
      load: async (id) => {
        const kase = await cases.findById(id);
        return kase
          ? caseWithPhotos(kase, await cases.photoIds(id), (photoId) => photos.find(photoId))
          : null;
      },
    };
  }

  async onModuleInit(): Promise<void> {
    await this.search.project(this.projection);
  }
}
