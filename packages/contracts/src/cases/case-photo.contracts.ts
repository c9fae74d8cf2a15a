/**
 * Photos and X-ray images of a case. A NATS message is too small for a whole image (see
 * infra/nats), so an upload travels as chunk requests: `begin` (the case, kind, caption, declared
 * type) → `append` × n (numbered from 0, in order) → `finish`, or `abort`. The cases service
 * detects the type from the file's first bytes, enforces the size limit it announces in `begin`,
 * and makes a thumbnail at `finish`. A download reads the photo's chunks one request at a time.
 *
 * Uploads that are neither finished nor aborted are deleted by a cleanup job. Photos follow the
 * case's rules: adding one is an edit (its office's officers and supervisors, its investigators,
 * while it is a draft); reading one needs the case to be readable.
 *
 * Binary data travels as base64. The photo-added event is non-nominal: no caption (free text).
 */
import { z } from 'zod';

import { defineEvent } from '../events';
import { defineRequest } from '../requests';
import { caseEventDataSchema } from './case.contracts';

const id = z.string().min(1).max(64);
const timestamp = z.iso.datetime({ offset: true });
/** Base64 of at most 1 MiB of binary data (a chunk, a thumbnail). */
const base64Data = z.base64().max(1_400_000);

export const CASE_PHOTO_KINDS = ['photo', 'xray'] as const;
export type CasePhotoKind = (typeof CASE_PHOTO_KINDS)[number];

/** The image types accepted, as detected from the file's first bytes. */
export const CASE_PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/tiff'] as const;
export type CasePhotoContentType = (typeof CASE_PHOTO_CONTENT_TYPES)[number];

/** A photo of a case, as listed with it. */
export const casePhotoSchema = z.object({
  id,
  caseId: id,
  kind: z.enum(CASE_PHOTO_KINDS),
  caption: z.string().optional(),
  /** As detected from the file's first bytes. */
  contentType: z.enum(CASE_PHOTO_CONTENT_TYPES),
  /** Bytes. */
  size: z.number().int().positive(),
  /** Hex SHA-256 of the file, to check a download. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Keycloak sub of the uploader. */
  uploadedBy: z.string(),
  uploadedAt: timestamp,
  /** A JPEG at most 256 px on its longer side, fetched with `cases.photo.thumbnail`. */
  thumbnail: z.object({
    contentType: z.literal('image/jpeg'),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    size: z.number().int().positive(),
  }),
});
export type CasePhoto = z.infer<typeof casePhotoSchema>;

export const beginCasePhotoUpload = defineRequest({
  service: 'cases',
  aggregate: 'photo',
  verb: 'begin',
  description:
    "Starts the upload of a photo or X-ray image to a case the principal may edit (a draft of their office, or an investigation they are assigned to). Replies with the upload id, the largest chunk `append` takes and the size limit; the file's type is checked on its first chunk.",
  request: z.strictObject({
    caseId: id,
    kind: z.enum(CASE_PHOTO_KINDS).default('photo'),
    caption: z.string().trim().min(1).max(500).optional(),
    /** The type the client declared (the multipart part's Content-Type), if any. */
    declaredType: z.string().trim().min(1).max(100).optional(),
  }),
  reply: z.object({
    uploadId: id,
    /** The largest chunk `append` takes, in bytes. */
    chunkBytes: z.number().int().positive(),
    /** The largest file accepted, in bytes. */
    maxBytes: z.number().int().positive(),
  }),
});

export const appendCasePhotoChunk = defineRequest({
  service: 'cases',
  aggregate: 'photo',
  verb: 'append',
  description:
    'Adds the next chunk of an upload. Chunks are numbered from 0 and must come in order (CONFLICT otherwise; sending the last one again is harmless). The first chunk must start with a JPEG, PNG or TIFF signature that agrees with the declared type, and the total must stay within the limit: otherwise VALIDATION_FAILED names `file`, and the upload is discarded.',
  request: z.strictObject({
    uploadId: id,
    sequence: z.number().int().min(0).max(100_000),
    data: base64Data.min(1),
  }),
  reply: z.object({
    uploadId: id,
    /** Bytes received so far. */
    received: z.number().int().min(0),
    nextSequence: z.number().int().min(0),
  }),
});

export const finishCasePhotoUpload = defineRequest({
  service: 'cases',
  aggregate: 'photo',
  verb: 'finish',
  description:
    "Completes an upload: checks that `chunks` chunks of `size` bytes in all arrived, makes the thumbnail, records the photo in the case's history and emits `cases.case.photo-added.v1`. Finishing again replies with the same photo.",
  request: z.strictObject({
    uploadId: id,
    chunks: z.number().int().positive(),
    size: z.number().int().positive(),
  }),
  reply: casePhotoSchema,
});

export const abortCasePhotoUpload = defineRequest({
  service: 'cases',
  aggregate: 'photo',
  verb: 'abort',
  description: 'Discards an unfinished upload and whatever it had received.',
  request: z.strictObject({ uploadId: id }),
  reply: z.object({ aborted: z.boolean() }),
});

export const listCasePhotos = defineRequest({
  service: 'cases',
  aggregate: 'photo',
  verb: 'list',
  description: 'The photos and X-ray images of a case, oldest first, for whoever may read it.',
  request: z.strictObject({ caseId: id }),
  reply: z.object({ items: z.array(casePhotoSchema) }),
});

export const getCasePhoto = defineRequest({
  service: 'cases',
  aggregate: 'photo',
  verb: 'get',
  description:
    'One photo of a case and the number of chunks to read to download it, for whoever may read the case.',
  request: z.strictObject({ caseId: id, photoId: id }),
  reply: casePhotoSchema.extend({ chunks: z.number().int().positive() }),
});

export const readCasePhotoChunk = defineRequest({
  service: 'cases',
  aggregate: 'photo',
  verb: 'read',
  description: 'One chunk of a photo (numbered from 0), for whoever may read the case.',
  request: z.strictObject({
    caseId: id,
    photoId: id,
    sequence: z.number().int().min(0).max(100_000),
  }),
  reply: z.object({ sequence: z.number().int().min(0), data: base64Data }),
});

export const getCasePhotoThumbnail = defineRequest({
  service: 'cases',
  aggregate: 'photo',
  verb: 'thumbnail',
  description: 'The JPEG thumbnail of a photo, for whoever may read the case.',
  request: z.strictObject({ caseId: id, photoId: id }),
  reply: z.object({ contentType: z.literal('image/jpeg'), data: base64Data }),
});

export const casePhotoAdded = defineEvent({
  service: 'cases',
  aggregate: 'case',
  verb: 'photo-added',
  version: 1,
  description: 'A photo or X-ray image was added to a case (the caption stays in the case).',
  data: caseEventDataSchema.extend({
    photo: z.object({
      id: z.string(),
      kind: z.enum(CASE_PHOTO_KINDS),
      contentType: z.enum(CASE_PHOTO_CONTENT_TYPES),
      size: z.number().int().positive(),
      sha256: z.string(),
    }),
  }),
});

export const casePhotoRequestContracts = [
  beginCasePhotoUpload,
  appendCasePhotoChunk,
  finishCasePhotoUpload,
  abortCasePhotoUpload,
  listCasePhotos,
  getCasePhoto,
  readCasePhotoChunk,
  getCasePhotoThumbnail,
] as const;

export const casePhotoEventContracts = [casePhotoAdded] as const;
