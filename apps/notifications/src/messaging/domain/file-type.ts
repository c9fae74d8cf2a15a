import { type ATTACHMENT_CONTENT_TYPES } from '@opencen/contracts';

export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

/** Bytes the first chunk must hold for the type to be known. */
export const SIGNATURE_BYTES = 8;

const SIGNATURES: readonly { type: AttachmentContentType; bytes: readonly number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // "%PDF-"
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { type: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] }, // "GIF8"
];

/** What a file's first bytes announce: an accepted type, or null (an executable, an archive…). */
export function detectAttachmentType(head: Uint8Array): AttachmentContentType | null {
  const match = SIGNATURES.find(
    ({ bytes }) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b),
  );
  return match?.type ?? null;
}

const ALIASES: Record<string, AttachmentContentType> = {
  'application/pdf': 'application/pdf',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/tiff': 'image/tiff',
  'image/gif': 'image/gif',
};

/** Declared types that say nothing about the content (browsers and curl send them when unsure). */
const UNINFORMATIVE = new Set(['application/octet-stream', 'binary/octet-stream']);

/** A declared type: an accepted one, `unknown` when the client did not say, or `refused`. */
export function readDeclaredAttachmentType(
  declared: string | undefined,
): AttachmentContentType | 'unknown' | 'refused' {
  if (declared === undefined) return 'unknown';
  const essence = declared.split(';')[0]!.trim().toLowerCase();
  if (UNINFORMATIVE.has(essence)) return 'unknown';
  return ALIASES[essence] ?? 'refused';
}
