import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { KIT_OPTIONS, type ServiceKitOptions } from '@opencen/nest-kit';

import { CasesModule } from '../cases/cases.module';
import { photoEnvSchema } from '../config/env';
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
import { EnvPhotoSettings } from './infrastructure/photo-settings';
import { SharpPhotoContent } from './infrastructure/sharp-photo-content';
import { PhotoCleanupJob } from './photo-cleanup.job';
import { PhotosController } from './photos.controller';
import { AbortPhotoUpload } from './usecases/abort-photo-upload';
import { AppendPhotoChunk } from './usecases/append-photo-chunk';
import { BeginPhotoUpload } from './usecases/begin-photo-upload';
import { CleanAbandonedUploads } from './usecases/clean-abandoned-uploads';
import { FinishPhotoUpload } from './usecases/finish-photo-upload';
import { PhotoContent, PhotoSettings, PhotoStore } from './usecases/ports';
import {
  GetCasePhoto,
  GetCasePhotoThumbnail,
  ListCasePhotos,
  ReadCasePhotoChunk,
} from './usecases/read-case-photos';

/**
 * Photos and X-ray images of cases. Whether a principal may add or read one is the cases
 * feature's rule, and the photo-added line and event are written into the case, both through the
 * cases module's CaseRepository. Exports the photo store, which the cases index reads photos from.
 */
@Module({
  imports: [
    CasesModule,
    MongooseModule.forFeature([
      { name: PHOTO_MODEL, schema: photoSchema, collection: PHOTOS_COLLECTION },
      { name: PHOTO_CHUNK_MODEL, schema: photoChunkSchema, collection: PHOTO_CHUNKS_COLLECTION },
      { name: OPEN_UPLOAD_MODEL, schema: openUploadSchema, collection: OPEN_UPLOADS_COLLECTION },
    ]),
  ],
  controllers: [PhotosController],
  providers: [
    { provide: PhotoStore, useClass: MongoPhotoStore },
    { provide: PhotoContent, useClass: SharpPhotoContent },
    {
      provide: PhotoSettings,
      useFactory: (options: ServiceKitOptions) =>
        new EnvPhotoSettings(photoEnvSchema.parse(options.env)),
      inject: [KIT_OPTIONS],
    },
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
  exports: [PhotoStore],
})
export class PhotosModule {}
