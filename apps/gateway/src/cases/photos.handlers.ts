import { once } from 'node:events';
import { type Readable } from 'node:stream';
import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import {
  type CasePhoto,
  type RequestOf,
  abortCasePhotoUpload,
  appendCasePhotoChunk,
  beginCasePhotoUpload,
  finishCasePhotoUpload,
  getCasePhoto,
  getCasePhotoThumbnail,
  readCasePhotoChunk,
} from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';
import busboy from 'busboy';
import {
  type RouteExchange,
  type RouteHandler,
  answer,
  readContractRequest,
  readPathParams,
  statusOf,
} from '../http/contract-route';
import { type GatewayRequest } from '../http/gateway-request';

// Photos of cases as files. The upload is read part by part (busboy) and sent to the cases service
// in chunks as it arrives, with the request paused while a chunk is in flight; downloads read one
// chunk at a time and write it before asking for the next. No file is held whole.

type Client = RouteExchange['client'];

/** Text fields an upload may carry before its file. */
const FIELDS = new Set(['kind', 'caption']);

/** The multipart upload of a photo: begin → append × n → finish, answered as the route declares. */
export const uploadCasePhoto: RouteHandler = async ({ route, req, res, caller, client }) => {
  if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
    throw new UnsupportedMediaTypeException(
      'The body must be multipart/form-data with the image in a part named file',
    );
  }
  try {
    const { caseId } = readPathParams(route, req) as { caseId: string };
    const photo = await receivePhoto(caseId, req, client, caller);
    answer(route, res, photo);
    return photo;
  } catch (error) {
    // Whatever the client still sends is read and dropped, so that it gets the answer.
    req.unpipe();
    req.resume();
    throw error;
  }
};

/** The bytes as uploaded, chunk by chunk, with their type, length and SHA-256 as ETag. */
export const downloadCasePhoto: RouteHandler = async ({
  route,
  req,
  res,
  caller,
  client,
  access,
}) => {
  const ids = readContractRequest(route, req) as RequestOf<typeof getCasePhoto>;
  const photo = await client.send(getCasePhoto, ids, { context: caller });
  await access.recorded(ids, photo, statusOf(route, photo));
  answer(route, res, photo);
  res.setHeader('Content-Type', photo.contentType);
  res.setHeader('Content-Length', String(photo.size));
  res.setHeader('ETag', `"${photo.sha256}"`);
  for (let sequence = 0; sequence < photo.chunks; sequence += 1) {
    const chunk = await client.send(readCasePhotoChunk, { ...ids, sequence }, { context: caller });
    if (!res.write(Buffer.from(chunk.data, 'base64'))) await once(res, 'drain');
  }
  res.end();
};

/** The JPEG thumbnail of a photo. */
export const casePhotoThumbnail: RouteHandler = async ({
  route,
  req,
  res,
  caller,
  client,
  access,
}) => {
  const ids = readContractRequest(route, req) as RequestOf<typeof getCasePhotoThumbnail>;
  const thumbnail = await client.send(getCasePhotoThumbnail, ids, { context: caller });
  await access.recorded(ids, thumbnail, statusOf(route, thumbnail));
  answer(route, res, thumbnail);
  res.type(thumbnail.contentType).send(Buffer.from(thumbnail.data, 'base64'));
};

/** Parses the multipart body and uploads its file part; resolves with the stored photo. */
function receivePhoto(
  caseId: string,
  req: GatewayRequest,
  client: Client,
  caller: RequestContext,
): Promise<CasePhoto> {
  return new Promise<CasePhoto>((resolve, reject) => {
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
    let upload: Promise<CasePhoto> | undefined;
    parser.on('field', (name, value) => {
      if (FIELDS.has(name)) fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || upload) {
        stream.resume();
        return;
      }
      upload = streamPhoto(client, caseId, fields, info.mimeType, stream, caller);
      upload.then(resolve, reject);
    });
    parser.on('error', (error: Error) =>
      reject(
        ServiceError.validation('The multipart body is not valid', [
          { path: '', reason: error.message },
        ]),
      ),
    );
    parser.on('close', () => {
      if (!upload) {
        reject(
          ServiceError.validation('No file was sent', [
            { path: 'file', reason: 'Send the image in a part named file', code: 'required' },
          ]),
        );
      }
    });
    req.pipe(parser);
  });
}

/** begin → append × n → finish; abort when anything goes wrong on the way. */
async function streamPhoto(
  client: Client,
  caseId: string,
  fields: Record<string, string>,
  declaredType: string,
  file: Readable,
  caller: RequestContext,
): Promise<CasePhoto> {
  const context = { context: caller };
  let uploadId: string | undefined;
  try {
    const begun = await client.send(
      beginCasePhotoUpload,
      {
        caseId,
        ...(fields.kind === undefined ? {} : { kind: fields.kind as 'photo' }),
        ...(fields.caption === undefined ? {} : { caption: fields.caption }),
        ...(declaredType ? { declaredType } : {}),
      },
      context,
    );
    uploadId = begun.uploadId;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let size = 0;
    let sequence = 0;
    const send = async (data: Buffer) => {
      await client.send(
        appendCasePhotoChunk,
        { uploadId: uploadId!, sequence, data: data.toString('base64') },
        context,
      );
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
    return await client.send(finishCasePhotoUpload, { uploadId, chunks: sequence, size }, context);
  } catch (error) {
    file.resume();
    if (uploadId !== undefined) {
      // Best effort: a refused file is discarded by the service already, and the cleanup job
      // takes whatever an abort that fails leaves behind.
      await client.send(abortCasePhotoUpload, { uploadId }, context).catch(() => undefined);
    }
    throw error;
  }
}
