import { type Attachment, DomainRefusal } from '@opencen/contracts';

import {
  type AttachmentContentType,
  detectAttachmentType,
  readDeclaredAttachmentType,
} from './file-type';

/** `uploading`: chunks arrive. `finished`: whole, not posted yet. `posted`: in message `postedIn`. */
export type AttachmentStatus = 'uploading' | 'finished' | 'posted';

/** An attachment from its first chunk on: the upload's state, then the file's metadata. */
export interface AttachmentUpload {
  readonly id: string;
  readonly conversationId: string;
  readonly name: string;
  readonly declaredType?: string;
  readonly contentType?: AttachmentContentType;
  readonly status: AttachmentStatus;
  readonly nextSequence: number;
  /** Bytes received. */
  readonly received: number;
  readonly uploadedBy: string;
  readonly createdAt: Date;
  /** The last chunk or the finish. */
  readonly touchedAt: Date;
  readonly sha256?: string;
  /** The message it was posted in. */
  readonly postedIn?: number;
}

export interface AttachmentLimits {
  /** The largest chunk `append` takes. */
  readonly chunkBytes: number;
  /** The largest file. */
  readonly maxBytes: number;
}

/** A refusal of the file itself: the gateway's multipart field is `file`. */
function badFile(reason: string, code: string): DomainRefusal {
  return DomainRefusal.validation(`The file is refused: ${reason}`, [
    { path: 'file', reason, code },
  ]);
}

const ACCEPTED = 'send a PDF, JPEG, PNG, TIFF or GIF file';

/** Refuses, before any byte, a declared type that is never accepted (an executable, say). */
export function assertDeclaredTypeAccepted(declared: string | undefined): void {
  if (readDeclaredAttachmentType(declared) === 'refused') {
    throw badFile(`type ${declared} is not accepted: ${ACCEPTED}`, 'unsupported_type');
  }
}

export type ChunkDecision =
  { action: 'append'; contentType: AttachmentContentType } | { action: 'repeat' };

/**
 * Checks a chunk against its upload: its place, the size limit and, for the first chunk, the type
 * its bytes announce. A refusal on path `file` means the upload is to be discarded.
 */
export function decideChunk(
  upload: AttachmentUpload,
  sequence: number,
  data: Uint8Array,
  limits: AttachmentLimits,
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
  const detected = detectAttachmentType(data);
  if (detected === null)
    throw badFile(`its content is not of an accepted type: ${ACCEPTED}`, 'unsupported_type');
  const declared = readDeclaredAttachmentType(upload.declaredType);
  if (declared !== 'unknown' && declared !== detected) {
    throw badFile(
      `declared as ${upload.declaredType} but its content is ${detected}`,
      'type_mismatch',
    );
  }
  return { action: 'append', contentType: detected };
}

/** Refuses to finish an upload whose chunks or size differ from what the sender counted. */
export function assertAllReceived(upload: AttachmentUpload, chunks: number, size: number): void {
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
  if (problems.length > 0)
    throw DomainRefusal.validation(`Upload ${upload.id} is incomplete`, problems);
}

/** The attachment as a message lists it, once finished. */
export function toAttachment(upload: AttachmentUpload): Attachment {
  if (!upload.sha256 || !upload.contentType)
    throw new Error(`Attachment ${upload.id} is not finished`);
  return {
    id: upload.id,
    name: upload.name,
    contentType: upload.contentType,
    size: upload.received,
    sha256: upload.sha256,
  };
}
