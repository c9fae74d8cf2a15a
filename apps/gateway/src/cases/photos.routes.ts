import {
  type CasePhoto,
  type JsonSchema,
  beginCasePhotoUpload,
  casePhotoSchema,
  getCasePhoto,
  getCasePhotoThumbnail,
  listCasePhotos,
  toContractJsonSchema,
} from '@opencen/contracts';
import { contractRoute } from '../http/contract-route';
import { casePhotoThumbnail, downloadCasePhoto, uploadCasePhoto } from './photos.handlers';

const PHOTOS = '/api/v1/cases/:caseId/photos';
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/tiff'];

/** The text fields of an upload, as `cases.photo.begin` takes them. */
const beginFields = toContractJsonSchema(beginCasePhotoUpload.request, 'input')
  .properties as Record<string, JsonSchema>;

/** The URL of a photo, as in Location: where it is downloaded. */
const photoLocation = (photo: CasePhoto) =>
  `/api/v1/cases/${encodeURIComponent(photo.caseId)}/photos/${encodeURIComponent(photo.id)}`;

/** A photo is of its case's goods or parties: a download names the photo and its case. */
const photoAudit = {
  records: (_reply: unknown, { caseId, photoId }: { caseId: string; photoId: string }) => [
    { kind: 'photo' as const, id: photoId },
    { kind: 'case' as const, id: caseId },
  ],
  purpose: 'optional' as const,
};

/**
 * The photos and X-ray images of cases. The list is an ordinary contract route; the upload and the
 * downloads stream files (photos.handlers.ts). Writers upload (the service keeps it to drafts
 * their office, or their assignment, may edit); readers of the case download.
 */
export const casePhotoRoutes = {
  list: contractRoute({
    operationId: 'listCasePhotos',
    method: 'GET',
    path: PHOTOS,
    contract: listCasePhotos,
    summary: 'The photos and X-ray images of a case, with their thumbnails',
    input: 'query',
    policy: 'caseReaders',
    status: 200,
  }),
  upload: contractRoute({
    operationId: 'uploadCasePhoto',
    method: 'POST',
    path: PHOTOS,
    contract: beginCasePhotoUpload,
    summary: 'Upload a photo or X-ray image to a case (multipart, streamed)',
    description:
      'multipart/form-data with the text fields `kind` (photo or xray, default photo) and `caption` (up to 500 characters), then one file part named `file`: fields after the file are not read. ' +
      'The file is streamed to the cases service in chunks (`cases.photo.append`, then `cases.photo.finish`) and never held whole. Its type is detected from its first bytes (JPEG, PNG or TIFF): another type, or a declared part Content-Type that disagrees, is 400 naming `file`. ' +
      'A file over the limit of the cases service (PHOTO_MAX_BYTES, 10 MiB by default) is refused with 413 as soon as it crosses it, and nothing of it is kept. ' +
      "A thumbnail (JPEG, at most 256 px) is made; the addition is recorded in the case's history and emits cases.case.photo-added.v1. The case must be a draft its office (or its assigned investigator) may edit.",
    input: 'body',
    policy: 'caseWriters',
    status: 201,
    successDescription: 'Stored; Location is its download URL',
    reply: casePhotoSchema,
    location: photoLocation,
    files: {
      upload: {
        fields: { kind: beginFields.kind!, caption: beginFields.caption! },
        fileField: 'file',
        fileTypes: IMAGE_TYPES,
        tooLarge: 'The file is larger than the limit; nothing was kept',
      },
    },
    handler: uploadCasePhoto,
  }),
  download: contractRoute({
    operationId: 'downloadCasePhoto',
    method: 'GET',
    path: `${PHOTOS}/:photoId`,
    contract: getCasePhoto,
    summary: 'Download a photo or X-ray image as uploaded (streamed)',
    description:
      'The bytes as uploaded, with their type and length, read chunk by chunk (`cases.photo.read`). The case must be readable by the caller.',
    input: 'query',
    policy: 'caseReaders',
    status: 200,
    successDescription: 'The file',
    files: {
      download: { contentTypes: IMAGE_TYPES, headers: { ETag: 'The SHA-256 of the file' } },
    },
    handler: downloadCasePhoto,
    audit: photoAudit,
  }),
  thumbnail: contractRoute({
    operationId: 'getCasePhotoThumbnail',
    method: 'GET',
    path: `${PHOTOS}/:photoId/thumbnail`,
    contract: getCasePhotoThumbnail,
    summary: 'The JPEG thumbnail of a photo (at most 256 px)',
    input: 'query',
    policy: 'caseReaders',
    status: 200,
    successDescription: 'The thumbnail',
    files: { download: { contentTypes: ['image/jpeg'] } },
    handler: casePhotoThumbnail,
    audit: photoAudit,
  }),
};
