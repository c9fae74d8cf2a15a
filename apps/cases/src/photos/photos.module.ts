import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { MongoCaseRepository } from '../cases/infrastructure/case.repository';
import { CASE_STORE_MODELS } from '../cases/infrastructure/case.schema';
import { SystemClock } from '../cases/infrastructure/clients';
import { CaseRepository, Clock } from '../cases/usecases/ports';
import { MongoCasePhotoLog } from './infrastructure/case-photo.log';
import {
  OPEN_UPLOAD_MODEL,
  OPEN_UPLOADS_COLLECTION,
  openUploadSchema,
  PHOTO_CHUNK_MODEL,
  PHOTO_CHUNKS_COLLECTION,
  PHOTO_MODEL,
  PHOTOS_COLLECTION,
  photoChunkSchema,
  photoSchema,
} from './infrastructure/photo.schema';
import { MongoPhotoStore } from './infrastructure/photo.store';
import { EnvPhotoSettings, type PhotoEnv, RandomPhotoIds } from './infrastructure/photo-settings';
import { SharpPhotoContent } from './infrastructure/sharp-photo-content';
import { PhotoCleanupJob } from './photo-cleanup.job';
import { PhotosController } from './photos.controller';
import { AbortPhotoUpload } from './usecases/abort-photo-upload';
import { AppendPhotoChunk } from './usecases/append-photo-chunk';
import { BeginPhotoUpload } from './usecases/begin-photo-upload';
import { CleanAbandonedUploads } from './usecases/clean-abandoned-uploads';
import { FinishPhotoUpload } from './usecases/finish-photo-upload';
import { CasePhotoLog, PhotoContent, PhotoIds, PhotoSettings, PhotoStore } from './usecases/ports';
import {
  GetCasePhoto,
  GetCasePhotoThumbnail,
  ListCasePhotos,
  ReadCasePhotoChunk,
} from './usecases/read-case-photos';

/**
 * Photos and X-ray images of cases. Whether a principal may add or read one is the cases
 * feature's rule, read through its case repository; the case's history and events are written
 * into the case document (whose outbox the relay already watches).
 */
@Module({})
export class PhotosModule {
  static register(env: PhotoEnv): DynamicModule {
    return {
      module: PhotosModule,
      imports: [
        MongooseModule.forFeature([
          ...CASE_STORE_MODELS,
          { name: PHOTO_MODEL, schema: photoSchema, collection: PHOTOS_COLLECTION },
          {
            name: PHOTO_CHUNK_MODEL,
            schema: photoChunkSchema,
            collection: PHOTO_CHUNKS_COLLECTION,
          },
          {
            name: OPEN_UPLOAD_MODEL,
            schema: openUploadSchema,
            collection: OPEN_UPLOADS_COLLECTION,
          },
        ]),
      ],
      controllers: [PhotosController],
      providers: [
        { provide: CaseRepository, useClass: MongoCaseRepository },
        { provide: Clock, useValue: new SystemClock() },
        { provide: PhotoStore, useClass: MongoPhotoStore },
        { provide: PhotoContent, useClass: SharpPhotoContent },
        { provide: CasePhotoLog, useClass: MongoCasePhotoLog },
        { provide: PhotoIds, useValue: new RandomPhotoIds() },
        { provide: PhotoSettings, useValue: new EnvPhotoSettings(env) },
        BeginPhotoUpload,
        AppendPhotoChunk,
        FinishPhotoUpload,
        AbortPhotoUpload,
        ListCasePhotos,
        GetCasePhoto,
        ReadCasePhotoChunk,
        GetCasePhotoThumbnail,
        CleanAbandonedUploads,
        PhotoCleanupJob,
      ],
    };
  }
}
