/**
 * The rules of a chunked file upload (begin → append × n → finish), as every service that takes
 * files counts them: the case photos and the messages' attachments. A file's type is read from
 * its bytes, never trusted from the client; a declared type may only agree with them.
 */
import { DomainRefusal } from './errors';

/** The media types whose first bytes we recognise. */
export type KnownFileType =
  'application/pdf' | 'image/jpeg' | 'image/png' | 'image/tiff' | 'image/gif';

/** Bytes the first chunk must hold for its type to be known. */
export const FILE_SIGNATURE_BYTES = 8;

const SIGNATURES: readonly { type: KnownFileType; bytes: readonly number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // "%PDF-"
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  // TIFF, little-endian ("II*\0") and big-endian ("MM\0*").
  { type: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { type: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] }, // "GIF8"
];

/** Names clients give the known types, mapped to ours. */
const DECLARED_ALIASES: Record<string, KnownFileType> = {
  'application/pdf': 'application/pdf',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/tiff': 'image/tiff',
  'image/tif': 'image/tiff',
  'image/gif': 'image/gif',
};

/** Declared types that say nothing about the content (browsers and curl send them when unsure). */
const UNINFORMATIVE = new Set(['application/octet-stream', 'binary/octet-stream']);

/** The file types one kind of upload accepts, and how to name them to a user. */
export interface AcceptedFileTypes<T extends KnownFileType> {
  readonly types: readonly T[];
  /** For problems: "a JPEG, PNG or TIFF image". */
  readonly description: string;
  /** The accepted type a file's first bytes announce, or null (an executable, an archive…). */
  detect(head: Uint8Array): T | null;
  /** A declared type: an accepted one, `unknown` when the client did not say, or `refused`. */
  readDeclared(declared: string | undefined): T | 'unknown' | 'refused';
}

export function acceptedFileTypes<T extends KnownFileType>(
  types: readonly T[],
  description: string,
): AcceptedFileTypes<T> {
  const accepts = (type: KnownFileType | undefined): type is T =>
    type !== undefined && (types as readonly KnownFileType[]).includes(type);
  return {
    types,
    description,
    detect(head) {
      const match = SIGNATURES.find(
        ({ bytes }) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b),
      );
      return accepts(match?.type) ? match.type : null;
    },
    readDeclared(declared) {
      if (declared === undefined) return 'unknown';
      const essence = declared.split(';')[0]!.trim().toLowerCase();
      if (UNINFORMATIVE.has(essence)) return 'unknown';
      const type = DECLARED_ALIASES[essence];
      return accepts(type) ? type : 'refused';
    },
  };
}

/** Where an upload stands, as the chunk rules need it. */
export interface UploadProgress<T extends KnownFileType> {
  readonly id: string;
  /** Chunks are taken only while `uploading`. */
  readonly status: string;
  readonly nextSequence: number;
  /** Bytes received. */
  readonly received: number;
  readonly declaredType?: string;
  /** Known from the first chunk on. */
  readonly contentType?: T;
}

export interface UploadLimits {
  /** The largest chunk `append` takes. */
  readonly chunkBytes: number;
  /** The largest file. */
  readonly maxBytes: number;
}

/** A refusal of the file itself (the gateway's multipart field is `file`): discard the upload. */
function badFile(reason: string, code: string): DomainRefusal {
  return DomainRefusal.validation(`The file is refused: ${reason}`, [
    { path: 'file', reason, code },
  ]);
}

/** Refuses, before any byte, a declared type that is never accepted. */
export function assertDeclaredTypeAccepted<T extends KnownFileType>(
  declared: string | undefined,
  accepted: AcceptedFileTypes<T>,
): void {
  if (accepted.readDeclared(declared) === 'refused') {
    throw badFile(
      `type ${declared} is not accepted: send ${accepted.description}`,
      'unsupported_type',
    );
  }
}

/** What to do with a chunk: store it, or nothing because it is the last one sent again. */
export type ChunkDecision<T extends KnownFileType> =
  { action: 'append'; contentType: T } | { action: 'repeat' };

/**
 * Checks a chunk against its upload: its place in the sequence, the size limits and, for the first
 * chunk, the type its bytes announce. A refusal on path `file` means the upload is to be discarded.
 */
export function decideChunk<T extends KnownFileType>(
  upload: UploadProgress<T>,
  sequence: number,
  data: Uint8Array,
  limits: UploadLimits,
  accepted: AcceptedFileTypes<T>,
): ChunkDecision<T> {
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
  const detected = accepted.detect(data);
  if (detected === null) {
    throw badFile(`its content is not ${accepted.description}`, 'unsupported_type');
  }
  const declared = accepted.readDeclared(upload.declaredType);
  if (declared !== 'unknown' && declared !== detected) {
    throw badFile(
      `declared as ${upload.declaredType} but its content is ${detected}`,
      'type_mismatch',
    );
  }
  return { action: 'append', contentType: detected };
}

/** Refuses to finish an upload whose chunks or size differ from what the sender counted. */
export function assertAllReceived(
  upload: UploadProgress<KnownFileType>,
  chunks: number,
  size: number,
): void {
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
