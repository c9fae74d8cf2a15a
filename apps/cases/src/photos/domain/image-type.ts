import { type CasePhotoContentType } from '@opencen/contracts';

/** Bytes the first chunk must hold for the type to be known. */
export const SIGNATURE_BYTES = 8;

const SIGNATURES: readonly { type: CasePhotoContentType; bytes: readonly number[] }[] = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // TIFF, little-endian ("II*\0") and big-endian ("MM\0*").
  { type: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { type: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
];

/** The image type a file's first bytes announce, or null when they are none we accept. */
export function detectImageType(head: Uint8Array): CasePhotoContentType | null {
  const match = SIGNATURES.find(
    ({ bytes }) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b),
  );
  return match?.type ?? null;
}

/** Names clients give the accepted types, mapped to ours. */
const DECLARED_ALIASES: Record<string, CasePhotoContentType> = {
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/tiff': 'image/tiff',
  'image/tif': 'image/tiff',
};

/** Declared types that say nothing about the content (browsers and curl send them when unsure). */
const UNINFORMATIVE = new Set(['application/octet-stream', 'binary/octet-stream']);

/**
 * What a declared type means: an accepted type, `unknown` when the client did not say, or
 * `refused` for a type we never accept (e.g. application/pdf).
 */
export function readDeclaredType(
  declared: string | undefined,
): CasePhotoContentType | 'unknown' | 'refused' {
  if (declared === undefined) return 'unknown';
  const essence = declared.split(';')[0]!.trim().toLowerCase();
  if (UNINFORMATIVE.has(essence)) return 'unknown';
  return DECLARED_ALIASES[essence] ?? 'refused';
}
