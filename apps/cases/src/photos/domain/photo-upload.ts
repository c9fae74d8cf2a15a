import {
  CASE_PHOTO_CONTENT_TYPES,
  type CasePhoto,
  type CasePhotoContentType,
  type CasePhotoKind,
  acceptedFileTypes,
} from '@opencen/contracts';

/**
 * `uploading`: chunks arrive. `stored`: every chunk, the digest and the thumbnail are kept, the
 * case's history does not name it yet. `complete`: recorded in the case, listed with it.
 */
export type PhotoUploadStatus = 'uploading' | 'stored' | 'complete';

/** A photo from its first chunk on: the upload's state, then the photo's metadata. */
export interface PhotoUpload {
  id: string;
  caseId: string;
  kind: CasePhotoKind;
  caption?: string;
  declaredType?: string;
  /** Known from the first chunk on. */
  contentType?: CasePhotoContentType;
  status: PhotoUploadStatus;
  nextSequence: number;
  /** Bytes received. */
  received: number;
  createdBy: string;
  createdAt: Date;
  /** The last time a chunk arrived: the cleanup job discards uploads idle for too long. */
  touchedAt: Date;
  sha256?: string;
  thumbnail?: { width: number; height: number; size: number };
  uploadedAt?: Date;
}

/** What a photo may be: its bytes must announce one of these (`decideChunk` reads them). */
export const PHOTO_TYPES = acceptedFileTypes<CasePhotoContentType>(
  CASE_PHOTO_CONTENT_TYPES,
  'a JPEG, PNG or TIFF image',
);

/** The photo as listed, once stored. */
export function toCasePhoto(upload: PhotoUpload): CasePhoto {
  if (!upload.sha256 || !upload.thumbnail || !upload.uploadedAt || !upload.contentType) {
    throw new Error(`Photo ${upload.id} is not stored yet`);
  }
  return {
    id: upload.id,
    caseId: upload.caseId,
    kind: upload.kind,
    ...(upload.caption === undefined ? {} : { caption: upload.caption }),
    contentType: upload.contentType,
    size: upload.received,
    sha256: upload.sha256,
    uploadedBy: upload.createdBy,
    uploadedAt: upload.uploadedAt.toISOString(),
    thumbnail: { contentType: 'image/jpeg', ...upload.thumbnail },
  };
}
