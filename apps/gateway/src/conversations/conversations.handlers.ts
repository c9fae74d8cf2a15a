import {
  type Attachment,
  type RequestOf,
  abortAttachmentUpload,
  appendAttachmentChunk,
  beginAttachmentUpload,
  finishAttachmentUpload,
  getAttachment,
  readAttachmentChunk,
} from '@opencen/contracts';

import { assertMultipart, receiveChunkedUpload, writeChunks } from '../http/chunked-upload';
import {
  type RouteHandler,
  answer,
  readContractRequest,
  readPathParams,
  statusOf,
} from '../http/contract-route';

// The messages' attachments as files, streamed in chunks both ways as the case photos are.

/** Text fields an upload may carry before its file. */
const FIELDS = new Set(['name']);

/** The multipart upload of an attachment: begin → append × n → finish. */
export const uploadAttachment: RouteHandler = async ({ route, req, res, caller, client }) => {
  assertMultipart(req, 'file');
  const { conversationId } = readPathParams(route, req) as { conversationId: string };
  const context = { context: caller };
  const attachment = await receiveChunkedUpload<Attachment>(req, FIELDS, {
    begin: (fields, declaredType) =>
      client.send(
        beginAttachmentUpload,
        {
          conversationId,
          name: fields.name ?? 'attachment',
          ...(declaredType ? { declaredType } : {}),
        },
        context,
      ),
    append: (uploadId, sequence, data) =>
      client.send(appendAttachmentChunk, { uploadId, sequence, data }, context),
    finish: (uploadId, chunks, size) =>
      client.send(finishAttachmentUpload, { uploadId, chunks, size }, context),
    abort: (uploadId) => client.send(abortAttachmentUpload, { uploadId }, context),
  });
  answer(route, res, attachment);
  return attachment;
};

/** The bytes of a posted attachment, chunk by chunk, with their type, length and SHA-256 as ETag. */
export const downloadAttachment: RouteHandler = async ({
  route,
  req,
  res,
  caller,
  client,
  access,
}) => {
  const ids = readContractRequest(route, req) as RequestOf<typeof getAttachment>;
  const attachment = await client.send(getAttachment, ids, { context: caller });
  await access.recorded(ids, attachment, statusOf(route, attachment));
  answer(route, res, attachment);
  res.setHeader('Content-Type', attachment.contentType);
  res.setHeader('Content-Length', String(attachment.size));
  res.setHeader('ETag', `"${attachment.sha256}"`);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
  );
  await writeChunks(res, attachment.chunks, async (sequence) => {
    const chunk = await client.send(readAttachmentChunk, { ...ids, sequence }, { context: caller });
    return chunk.data;
  });
};
