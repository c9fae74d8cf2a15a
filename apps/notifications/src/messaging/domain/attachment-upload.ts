import { ATTACHMENT_CONTENT_TYPES, type Attachment, acceptedFileTypes } from '@opencen/contracts';

/** The types an attachment may have (read from its bytes). */
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

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

/** What an attachment may be: its bytes must announce one of these (`decideChunk` reads them). */
export const ATTACHMENT_TYPES = acceptedFileTypes<AttachmentContentType>(
  ATTACHMENT_CONTENT_TYPES,
  'a PDF, JPEG, PNG, TIFF or GIF file',
);

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
