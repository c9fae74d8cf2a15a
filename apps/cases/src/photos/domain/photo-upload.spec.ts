import {
  DomainRefusal,
  type UploadLimits,
  assertAllReceived,
  assertDeclaredTypeAccepted as assertDeclared,
  decideChunk as decide,
} from '@opencen/contracts';

import { PHOTO_TYPES, type PhotoUpload } from './photo-upload';

// The chunk rules are the contracts' (chunked-upload.ts); these are the photos' with them.
const decideChunk = (
  upload: PhotoUpload,
  sequence: number,
  data: Uint8Array,
  limits: UploadLimits,
) => decide(upload, sequence, data, limits, PHOTO_TYPES);
const assertDeclaredTypeAccepted = (declared: string | undefined) =>
  assertDeclared(declared, PHOTO_TYPES);

const JPEG_HEAD = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
const PNG_HEAD = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const limits = { chunkBytes: 16, maxBytes: 40 };

function upload(overrides: Partial<PhotoUpload> = {}): PhotoUpload {
  return {
    id: 'u1',
    caseId: 'c1',
    kind: 'photo',
    status: 'uploading',
    nextSequence: 0,
    received: 0,
    createdBy: 'sub-1',
    createdAt: new Date(0),
    touchedAt: new Date(0),
    ...overrides,
  };
}

function refusal(run: () => unknown): DomainRefusal {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainRefusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('decideChunk', () => {
  it('detects the type from the first chunk', () => {
    expect(decideChunk(upload(), 0, JPEG_HEAD, limits)).toEqual({
      action: 'append',
      contentType: 'image/jpeg',
    });
    expect(decideChunk(upload({ declaredType: 'image/jpg' }), 0, JPEG_HEAD, limits).action).toBe(
      'append',
    );
  });

  it('refuses a first chunk that is no accepted image (a PDF, a GIF), naming the file', () => {
    expect(
      refusal(() => decideChunk(upload(), 0, Buffer.from('GIF89a......'), limits)).details[0],
    ).toMatchObject({ path: 'file', code: 'unsupported_type' });
    const error = refusal(() => decideChunk(upload(), 0, Buffer.from('%PDF-1.7 hello'), limits));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([
      expect.objectContaining({ path: 'file', code: 'unsupported_type' }),
    ]);
  });

  it('refuses a declared type that disagrees with the content', () => {
    const error = refusal(() =>
      decideChunk(upload({ declaredType: 'image/png' }), 0, JPEG_HEAD, limits),
    );
    expect(error.details[0]).toMatchObject({ path: 'file', code: 'type_mismatch' });
    expect(decideChunk(upload({ declaredType: 'image/png' }), 0, PNG_HEAD, limits).action).toBe(
      'append',
    );
  });

  it('takes chunks in order only, and the last one again as a no-op', () => {
    const midway = upload({ nextSequence: 2, received: 20, contentType: 'image/png' });
    expect(decideChunk(midway, 2, new Uint8Array(4), limits)).toEqual({
      action: 'append',
      contentType: 'image/png',
    });
    expect(decideChunk(midway, 1, new Uint8Array(4), limits)).toEqual({ action: 'repeat' });
    const error = refusal(() => decideChunk(midway, 3, new Uint8Array(4), limits));
    expect(error.code).toBe('CONFLICT');
    expect(error.details[0]).toMatchObject({ path: 'sequence', code: 'out_of_order' });
  });

  it('refuses a chunk that crosses the size limit, and an oversized chunk', () => {
    const midway = upload({ nextSequence: 3, received: 32, contentType: 'image/png' });
    expect(decideChunk(midway, 3, new Uint8Array(8), limits).action).toBe('append');
    expect(
      refusal(() => decideChunk(midway, 3, new Uint8Array(9), limits)).details[0],
    ).toMatchObject({ path: 'file', code: 'too_large' });
    expect(
      refusal(() => decideChunk(upload(), 0, new Uint8Array(17), limits)).details[0],
    ).toMatchObject({ path: 'data' });
  });

  it('refuses chunks once the upload is finished', () => {
    expect(
      refusal(() => decideChunk(upload({ status: 'stored' }), 0, JPEG_HEAD, limits)).code,
    ).toBe('CONFLICT');
  });
});

describe('assertDeclaredTypeAccepted', () => {
  it('refuses a type that is never accepted and lets an unknown one through', () => {
    expect(refusal(() => assertDeclaredTypeAccepted('application/pdf')).details[0]).toMatchObject({
      path: 'file',
    });
    expect(() => assertDeclaredTypeAccepted(undefined)).not.toThrow();
    expect(() => assertDeclaredTypeAccepted('application/octet-stream')).not.toThrow();
  });
});

describe('assertAllReceived', () => {
  it('names the count and the size that differ', () => {
    const error = refusal(() =>
      assertAllReceived(upload({ nextSequence: 2, received: 30 }), 3, 31),
    );
    expect(error.details.map((p) => p.path)).toEqual(['chunks', 'size']);
    expect(() => assertAllReceived(upload({ nextSequence: 2, received: 30 }), 2, 30)).not.toThrow();
  });
});
