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
import {
  type RouteHandler,
  answer,
  readContractRequest,
  readPathParams,
  statusOf,
} from '../http/contract-route';
import { assertMultipart, receiveChunkedUpload, writeChunks } from '../http/chunked-upload';

// Photos of cases as files, streamed in chunks both ways (http/chunked-upload.ts).

/** Text fields an upload may carry before its file. */
const FIELDS = new Set(['kind', 'caption']);

/** The multipart upload of a photo: begin → append × n → finish, answered as the route declares. */
export const uploadCasePhoto: RouteHandler = async ({ route, req, res, caller, client }) => {
  assertMultipart(req, 'image');
  const { caseId } = readPathParams(route, req) as { caseId: string };
  const context = { context: caller };
  const photo = await receiveChunkedUpload<CasePhoto>(req, FIELDS, {
    begin: (fields, declaredType) =>
      client.send(
        beginCasePhotoUpload,
        {
          caseId,
          ...(fields.kind === undefined ? {} : { kind: fields.kind as 'photo' }),
          ...(fields.caption === undefined ? {} : { caption: fields.caption }),
          ...(declaredType ? { declaredType } : {}),
        },
        context,
      ),
    append: (uploadId, sequence, data) =>
      client.send(appendCasePhotoChunk, { uploadId, sequence, data }, context),
    finish: (uploadId, chunks, size) =>
      client.send(finishCasePhotoUpload, { uploadId, chunks, size }, context),
    abort: (uploadId) => client.send(abortCasePhotoUpload, { uploadId }, context),
  });
  answer(route, res, photo);
  return photo;
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
  await writeChunks(res, photo.chunks, async (sequence) => {
    const chunk = await client.send(readCasePhotoChunk, { ...ids, sequence }, { context: caller });
    return chunk.data;
  });
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
