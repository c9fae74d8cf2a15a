import {
  type CasePhoto,
  type CasePhotoContentType,
  type CasePhotoKind,
  DomainRefusal,
} from '@opencen/contracts';

import { detectImageType, readDeclaredType } from './image-type';

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

export interface PhotoLimits {
  /** The largest chunk `append` takes. */
  chunkBytes: number;
  /** The largest file. */
  maxBytes: number;
}

/** The problem of a file the service refuses; the gateway names the multipart field `file`. */
function badFile(reason: string, code: string): DomainRefusal {
  return DomainRefusal.validation(`The file is refused: ${reason}`, [
    { path: 'file', reason, code },
  ]);
}

/** Refuses, before any byte, a declared type that is never accepted. */
export function assertDeclaredTypeAccepted(declared: string | undefined): void {
  if (readDeclaredType(declared) === 'refused') {
    throw badFile(
      `type ${declared} is not accepted: send a JPEG, PNG or TIFF image`,
      'unsupported_type',
    );
  }
}

/** What to do with a chunk: store it, or nothing because it is the last one sent again. */
export type ChunkDecision =
  { action: 'append'; contentType: CasePhotoContentType } | { action: 'repeat' };

/**
 * Checks a chunk against its upload: its place in the sequence, the size limit and, for the first
 * chunk, the image type. A refusal of the file itself (`invalid` on path `file`) means the upload
 * is to be discarded.
 */
export function decideChunk(
  upload: PhotoUpload,
  sequence: number,
  data: Uint8Array,
  limits: PhotoLimits,
): ChunkDecision {
  if (upload.status !== 'uploading') {
    throw DomainRefusal.conflict(`Upload ${upload.id} is already finished`, [
      { path: 'uploadId', reason: 'the upload is finished', code: 'finished' },
    ]);
  }
  if (sequence === upload.nextSequence - 1) return { action: 'repeat' };
  if (sequence !== upload.nextSequence) {
    throw DomainRefusal.conflict(`Upload ${upload.id} expects chunk ${upload.nextSequence}`, [
      {
        path: 'sequence',
        reason: `expected chunk ${upload.nextSequence}, got ${sequence}`,
        code: 'out_of_order',
      },
    ]);
  }
  if (data.length > limits.chunkBytes) {
    throw DomainRefusal.validation('The chunk is too large', [
      { path: 'data', reason: `at most ${limits.chunkBytes} bytes per chunk`, code: 'too_big' },
    ]);
  }
  if (upload.received + data.length > limits.maxBytes) {
    throw badFile(`larger than the limit of ${limits.maxBytes} bytes`, 'too_large');
  }
  if (sequence > 0) return { action: 'append', contentType: upload.contentType! };
  const detected = detectImageType(data);
  if (detected === null) throw badFile('not a JPEG, PNG or TIFF image', 'unsupported_type');
  const declared = readDeclaredType(upload.declaredType);
  if (declared !== 'unknown' && declared !== detected) {
    throw badFile(
      `declared as ${upload.declaredType} but its content is ${detected}`,
      'type_mismatch',
    );
  }
  return { action: 'append', contentType: detected };
}

/** Refuses to finish an upload whose chunks or size differ from what the sender counted. */
export function assertAllReceived(upload: PhotoUpload, chunks: number, size: number): void {
  const problems = [];
  if (chunks !== upload.nextSequence) {
    problems.push({
      path: 'chunks',
      reason: `${upload.nextSequence} chunks arrived, not ${chunks}`,
      code: 'incomplete',
    });
  }
  if (size !== upload.received) {
    problems.push({
      path: 'size',
      reason: `${upload.received} bytes arrived, not ${size}`,
      code: 'incomplete',
    });
  }
  if (problems.length > 0) {
    throw DomainRefusal.validation(`Upload ${upload.id} is incomplete`, problems);
  }
}

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
