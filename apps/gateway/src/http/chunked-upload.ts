import { once } from 'node:events';
import { type Readable } from 'node:stream';
import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { type ErrorDetail } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';
import busboy from 'busboy';
import { type Response } from 'express';

import { type GatewayRequest } from './gateway-request';

// Files through NATS, whose messages are too small for them: an upload is read part by part
// (busboy) and sent to its service in chunks as it arrives, with the request paused while a chunk
// is in flight; a download reads one chunk at a time and writes it before asking for the next. No
// file is held whole. The case photos and the messages' attachments travel this way.

/** The requests of one service's chunked upload (begin → append × n → finish, or abort). */
export interface ChunkedUploadSteps<R> {
  /** Opens the upload with the text fields sent before the file and the part's declared type. */
  begin(
    fields: Readonly<Record<string, string>>,
    declaredType: string | undefined,
  ): Promise<{ uploadId: string; chunkBytes: number; maxBytes: number }>;
  append(uploadId: string, sequence: number, data: string): Promise<unknown>;
  finish(uploadId: string, chunks: number, size: number): Promise<R>;
  abort(uploadId: string): Promise<unknown>;
}

/** Refuses (415) a body that is not multipart/form-data. */
export function assertMultipart(req: GatewayRequest, what: string): void {
  if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
    throw new UnsupportedMediaTypeException(
      `The body must be multipart/form-data with the ${what} in a part named file`,
    );
  }
}

/**
 * Parses the multipart body and uploads its `file` part through `steps`; resolves with what
 * `finish` answers. `fieldNames`: the text fields read (before the file). Any other part is
 * refused with a 400 naming it: before the upload begins when it comes before the file, else the
 * upload is aborted instead of finished, so a refused body changes nothing. Whatever the client
 * still sends after a failure is read and dropped, so that it gets the answer.
 */
export async function receiveChunkedUpload<R>(
  req: GatewayRequest,
  fieldNames: ReadonlySet<string>,
  steps: ChunkedUploadSteps<R>,
): Promise<R> {
  try {
    return await parseAndUpload(req, fieldNames, steps);
  } catch (error) {
    req.unpipe();
    req.resume();
    throw error;
  }
}

/** The problem of a multipart body with parts that no field of the route names. */
export function unknownPartsProblem(unknown: readonly ErrorDetail[]): ServiceError {
  return ServiceError.validation(
    `The multipart body has unknown fields: ${unknown.map(({ path }) => path).join(', ')}`,
    [...unknown],
  );
}

/** A part named `name` that the route does not read. */
export function unknownPart(name: string): ErrorDetail {
  return { path: name, reason: 'Unknown field', code: 'unrecognized_keys' };
}

/** A second part named `file`. */
export function fileSentTwice(): ErrorDetail {
  return { path: 'file', reason: 'Send one file only', code: 'too_big' };
}

/** More parts than any upload has. */
export function tooManyParts(): ErrorDetail {
  return { path: '', reason: 'Too many parts', code: 'too_big' };
}

function parseAndUpload<R>(
  req: GatewayRequest,
  fieldNames: ReadonlySet<string>,
  steps: ChunkedUploadSteps<R>,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fields: 10, fieldSize: 2000, parts: 12 },
      });
    } catch (error) {
      reject(
        ServiceError.validation('The multipart body is not valid', [
          { path: '', reason: (error as Error).message },
        ]),
      );
      return;
    }
    const fields: Record<string, string> = {};
    const unknown: ErrorDetail[] = [];
    // The upload finishes only once every part is read and known.
    let partsChecked!: { resolve(): void; reject(error: unknown): void };
    const allPartsKnown = new Promise<void>((resolvePromise, rejectPromise) => {
      partsChecked = { resolve: resolvePromise, reject: rejectPromise };
    });
    allPartsKnown.catch(() => undefined);
    let upload: Promise<R> | undefined;
    parser.on('field', (name, value) => {
      if (fieldNames.has(name)) fields[name] = value;
      else unknown.push(unknownPart(name));
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || upload) {
        unknown.push(name === 'file' ? fileSentTwice() : unknownPart(name));
        stream.resume();
        return;
      }
      if (unknown.length > 0) {
        // Refused before anything is sent to the service.
        stream.resume();
        upload = Promise.reject(unknownPartsProblem(unknown));
      } else {
        upload = streamChunks(steps, fields, info.mimeType || undefined, stream, allPartsKnown);
      }
      upload.then(resolve, reject);
    });
    // Parts over busboy's limits would be dropped unseen: refuse them too.
    parser.on('filesLimit', () => unknown.push(fileSentTwice()));
    parser.on('fieldsLimit', () => unknown.push(tooManyParts()));
    parser.on('partsLimit', () => unknown.push(tooManyParts()));
    parser.on('error', (error: Error) => {
      const problem = ServiceError.validation('The multipart body is not valid', [
        { path: '', reason: error.message },
      ]);
      partsChecked.reject(problem);
      reject(problem);
    });
    parser.on('close', () => {
      if (unknown.length > 0) {
        partsChecked.reject(unknownPartsProblem(unknown));
        if (!upload) reject(unknownPartsProblem(unknown));
        return;
      }
      partsChecked.resolve();
      if (!upload) {
        reject(
          ServiceError.validation('No file was sent', [
            { path: 'file', reason: 'Send the file in a part named file', code: 'required' },
          ]),
        );
      }
    });
    req.pipe(parser);
  });
}

/** begin → append × n → finish; abort when anything goes wrong on the way. */
async function streamChunks<R>(
  steps: ChunkedUploadSteps<R>,
  fields: Readonly<Record<string, string>>,
  declaredType: string | undefined,
  file: Readable,
  allPartsKnown: Promise<void>,
): Promise<R> {
  let uploadId: string | undefined;
  try {
    const begun = await steps.begin(fields, declaredType);
    uploadId = begun.uploadId;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let size = 0;
    let sequence = 0;
    const send = async (data: Buffer) => {
      await steps.append(begun.uploadId, sequence, data.toString('base64'));
      sequence += 1;
    };
    // Async iteration pauses the file (and so the request) while a chunk is being sent.
    for await (const piece of file as AsyncIterable<Buffer>) {
      size += piece.length;
      if (size > begun.maxBytes) {
        throw new PayloadTooLargeException(
          `The file is larger than the limit of ${begun.maxBytes} bytes`,
        );
      }
      pending.push(piece);
      pendingBytes += piece.length;
      while (pendingBytes >= begun.chunkBytes) {
        const all = Buffer.concat(pending);
        await send(all.subarray(0, begun.chunkBytes));
        const rest = all.subarray(begun.chunkBytes);
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
      }
    }
    if (pendingBytes > 0) await send(Buffer.concat(pending));
    if (size === 0) {
      throw ServiceError.validation('The file is empty', [
        { path: 'file', reason: 'The file is empty', code: 'too_small' },
      ]);
    }
    await allPartsKnown;
    return await steps.finish(begun.uploadId, sequence, size);
  } catch (error) {
    file.resume();
    if (uploadId !== undefined) {
      // Best effort: a refused file is discarded by the service already, and what an abort that
      // fails leaves behind is the service's to clean up.
      await steps.abort(uploadId).catch(() => undefined);
    }
    throw error;
  }
}

/** Writes a file of `chunks` chunks, reading each (base64) only once the one before is written. */
export async function writeChunks(
  res: Response,
  chunks: number,
  read: (sequence: number) => Promise<string>,
): Promise<void> {
  for (let sequence = 0; sequence < chunks; sequence += 1) {
    if (!res.write(Buffer.from(await read(sequence), 'base64'))) await once(res, 'drain');
  }
  res.end();
}
