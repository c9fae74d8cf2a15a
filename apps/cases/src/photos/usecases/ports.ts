import { type UploadLimits } from '@opencen/contracts';

import { type PhotoUpload } from '../domain/photo-upload';

/** What finishing an upload computes from its chunks. */
export interface PhotoContentSummary {
  sha256: string;
  size: number;
  thumbnail: { data: Buffer; width: number; height: number };
}

/** Uploads, their chunks and the photos they become, in the cases service's store. */
export abstract class PhotoStore {
  abstract insert(upload: PhotoUpload): Promise<void>;
  abstract find(id: string): Promise<PhotoUpload | null>;
  /** Stores chunk `sequence` (again, if it was stored before a crash). */
  abstract putChunk(id: string, sequence: number, data: Buffer): Promise<void>;
  /** Counts chunk `sequence` if the upload still expects it; false otherwise. */
  abstract advance(
    id: string,
    sequence: number,
    bytes: number,
    contentType: string,
    at: Date,
  ): Promise<boolean>;
  /** The chunks of an upload in order, read a few at a time. */
  abstract chunks(id: string): AsyncIterable<Buffer>;
  abstract chunk(id: string, sequence: number): Promise<Buffer | null>;
  /** uploading → stored, with what finishing computed; false if it was no longer uploading. */
  abstract markStored(id: string, summary: PhotoContentSummary, uploadedAt: Date): Promise<boolean>;
  abstract markComplete(id: string): Promise<void>;
  abstract thumbnail(id: string): Promise<Buffer | null>;
  /** Those of the photos (named by the case's history) that are complete photos of the case, oldest first. */
  abstract listComplete(caseId: string, photoIds: readonly string[]): Promise<PhotoUpload[]>;
  /** Uploads not complete whose last chunk arrived before `before`. */
  abstract idleSince(before: Date, limit: number): Promise<PhotoUpload[]>;
  /** Deletes an unfinished upload and its chunks; false if it was not `uploading`. */
  abstract discard(id: string): Promise<boolean>;
}

/** Reads an image's chunks once: its digest and its thumbnail. */
export abstract class PhotoContent {
  /** Throws {@link UnreadableImageError} when the image cannot be decoded. */
  abstract summarise(chunks: AsyncIterable<Buffer>): Promise<PhotoContentSummary>;
}

export class UnreadableImageError extends Error {
  override readonly name = 'UnreadableImageError';
}

/** Limits and timings of uploads, from the environment. */
export abstract class PhotoSettings {
  abstract readonly limits: UploadLimits;
  /** An upload idle this long is abandoned. */
  abstract readonly abandonAfterMs: number;
}
