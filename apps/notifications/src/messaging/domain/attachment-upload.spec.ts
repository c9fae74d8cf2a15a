import {
  type UploadLimits,
  assertDeclaredTypeAccepted as assertDeclared,
  decideChunk as decide,
} from '@opencen/contracts';

import { ATTACHMENT_TYPES, type AttachmentUpload } from './attachment-upload';

// The chunk rules are the contracts' (chunked-upload.ts); these are the attachments' with them.
const decideChunk = (
  upload: AttachmentUpload,
  sequence: number,
  data: Uint8Array,
  limits: UploadLimits,
) => decide(upload, sequence, data, limits, ATTACHMENT_TYPES);
const assertDeclaredTypeAccepted = (declared: string | undefined) =>
  assertDeclared(declared, ATTACHMENT_TYPES);
const detectAttachmentType = (head: Uint8Array) => ATTACHMENT_TYPES.detect(head);

const limits = { chunkBytes: 1024, maxBytes: 4096 };
const upload = (fields: Partial<AttachmentUpload> = {}): AttachmentUpload => ({
  id: 'a1',
  conversationId: 'c1',
  name: 'report.pdf',
  status: 'uploading',
  nextSequence: 0,
  received: 0,
  uploadedBy: 'u1',
  createdAt: new Date(),
  touchedAt: new Date(),
  ...fields,
});
const pdf = Buffer.from('%PDF-1.7\nrest');
const refusal = (code: string) =>
  expect.objectContaining({ details: [expect.objectContaining({ path: 'file', code })] });

describe('attachment uploads', () => {
  it('reads the type from the bytes: PDF and images, never an executable', () => {
    expect(detectAttachmentType(pdf)).toBe('application/pdf');
    expect(detectAttachmentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(detectAttachmentType(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(detectAttachmentType(Buffer.from('\x7fELF'))).toBeNull();
  });

  it('refuses a declared type never accepted before any byte', () => {
    expect(() => assertDeclaredTypeAccepted('application/x-msdownload')).toThrow(
      refusal('unsupported_type'),
    );
    expect(() => assertDeclaredTypeAccepted('application/octet-stream')).not.toThrow();
  });

  it('refuses a first chunk of another type, or disagreeing with the declared one', () => {
    expect(() => decideChunk(upload(), 0, Buffer.from('MZ....'), limits)).toThrow(
      refusal('unsupported_type'),
    );
    expect(() => decideChunk(upload({ declaredType: 'image/png' }), 0, pdf, limits)).toThrow(
      refusal('type_mismatch'),
    );
    expect(decideChunk(upload({ declaredType: 'application/pdf' }), 0, pdf, limits)).toEqual({
      action: 'append',
      contentType: 'application/pdf',
    });
  });

  it('refuses a file over the limit, takes the last chunk again as a repeat, and keeps the order', () => {
    const going = upload({ nextSequence: 4, received: 4000, contentType: 'application/pdf' });
    expect(() => decideChunk(going, 4, Buffer.alloc(200), limits)).toThrow(refusal('too_large'));
    expect(decideChunk(going, 3, Buffer.alloc(10), limits)).toEqual({ action: 'repeat' });
    expect(() => decideChunk(going, 6, Buffer.alloc(10), limits)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });
});
