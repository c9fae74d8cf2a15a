import {
  ATTACHMENT_CONTENT_TYPES,
  type Conversation,
  addConversationMembers,
  attachmentSchema,
  beginAttachmentUpload,
  createConversation,
  getAttachment,
  getConversation,
  listConversations,
  listMessages,
  markConversationRead,
  postMessage,
  removeConversationMember,
} from '@opencen/contracts';

import { contractRoute } from '../http/contract-route';
import { downloadAttachment, uploadAttachment } from './conversations.handlers';

const BASE = '/api/v1/conversations';

/** A read of a conversation or its messages names the conversation in the audit trail. */
const conversationAudit = <R extends { id?: string; conversationId?: string }>() => ({
  records: (_reply: unknown, request: R) => [
    { kind: 'conversation' as const, id: (request.conversationId ?? request.id)! },
  ],
  purpose: 'optional' as const,
});

const conversationLocation = (conversation: Conversation) =>
  `${BASE}/${encodeURIComponent(conversation.id)}`;

/**
 * Secure messaging (any signed-in user; the notifications service keeps each conversation to its
 * members: to anyone else it is 404). Every read is recorded in the audit trail; every write
 * reaches it through the service's events.
 */
export const conversationRoutes = {
  create: contractRoute({
    operationId: 'createConversation',
    method: 'POST',
    path: BASE,
    contract: createConversation,
    summary: 'Start a conversation, or the closed user group of an operation',
    input: 'body',
    status: 201,
    location: conversationLocation,
  }),
  list: contractRoute({
    operationId: 'listConversations',
    method: 'GET',
    path: BASE,
    contract: listConversations,
    summary: 'My conversations, latest activity first, with unread counts (cursor pages)',
    input: 'query',
    status: 200,
  }),
  get: contractRoute({
    operationId: 'getConversation',
    method: 'GET',
    path: `${BASE}/:id`,
    contract: getConversation,
    summary: 'A conversation I am a member of, with its members and their read receipts',
    input: 'query',
    status: 200,
    audit: conversationAudit(),
  }),
  addMembers: contractRoute({
    operationId: 'addConversationMembers',
    method: 'POST',
    path: `${BASE}/:id/members`,
    contract: addConversationMembers,
    summary: 'Add members (the owner): users by id, outside parties by e-mail',
    input: 'body',
    status: 200,
    audit: conversationAudit(),
  }),
  removeMember: contractRoute({
    operationId: 'removeConversationMember',
    method: 'POST',
    path: `${BASE}/:id/members/:member/remove`,
    contract: removeConversationMember,
    summary: 'Remove a member (the owner), or leave',
    input: 'body',
    status: 200,
  }),
  markRead: contractRoute({
    operationId: 'markConversationRead',
    method: 'POST',
    path: `${BASE}/:id/read`,
    contract: markConversationRead,
    summary: 'Move my read receipt to a message (never back)',
    input: 'body',
    status: 200,
  }),
  messages: contractRoute({
    operationId: 'listMessages',
    method: 'GET',
    path: `${BASE}/:conversationId/messages`,
    contract: listMessages,
    summary: 'The messages I may read, newest first (cursor pages by number)',
    input: 'query',
    status: 200,
    audit: conversationAudit(),
  }),
  post: contractRoute({
    operationId: 'postMessage',
    method: 'POST',
    path: `${BASE}/:conversationId/messages`,
    contract: postMessage,
    summary: 'Post a message, with attachments uploaded before',
    input: 'body',
    status: 201,
  }),
  upload: contractRoute({
    operationId: 'uploadAttachment',
    method: 'POST',
    path: `${BASE}/:conversationId/attachments`,
    contract: beginAttachmentUpload,
    summary: 'Upload a file to attach to a message (multipart, streamed)',
    description:
      'multipart/form-data with the text field `name`, then one file part named `file`. The file is streamed to the notifications service in chunks (`notifications.attachment.append`, then `notifications.attachment.finish`; `notifications.attachment.abort` when anything fails) and never held whole. Its type is detected from its first bytes (PDF, JPEG, PNG, TIFF, GIF): another type (an executable, say), or a declared part Content-Type that disagrees, is 400 naming `file`. ' +
      'A file over ATTACHMENT_MAX_BYTES (10 MiB by default) is refused with 413 as soon as it crosses it, and nothing of it is kept. Post it with a message by its id.',
    input: 'body',
    status: 201,
    successDescription: 'Stored; post it in a message by its id',
    reply: attachmentSchema,
    files: {
      upload: {
        fields: { name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } },
        fileField: 'file',
        fileTypes: [...ATTACHMENT_CONTENT_TYPES],
        tooLarge: 'The file is larger than the limit; nothing was kept',
      },
    },
    handler: uploadAttachment,
  }),
  download: contractRoute({
    operationId: 'downloadAttachment',
    method: 'GET',
    path: `${BASE}/:conversationId/attachments/:attachmentId`,
    contract: getAttachment,
    summary: 'Download an attachment of a message I may read (streamed)',
    description:
      'The bytes as uploaded, with their type and length, read chunk by chunk (`notifications.attachment.read`). The message it was posted in must be one the caller may read.',
    input: 'query',
    status: 200,
    successDescription: 'The file',
    files: {
      download: {
        contentTypes: [...ATTACHMENT_CONTENT_TYPES],
        headers: { ETag: 'The SHA-256 of the file' },
      },
    },
    handler: downloadAttachment,
    audit: conversationAudit(),
  }),
};
