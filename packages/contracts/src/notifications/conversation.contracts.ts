/**
 * Secure messaging (the nCEN "Icomm" and CENcomm's closed user groups): conversations between
 * users, and groups for one operation with a name, an owner, members from several offices and
 * from partner administrations (users with the `liaison` role, or external parties reached by
 * e-mail, who cannot sign in), start and end dates, and the operation's report templates.
 *
 * Only members read a conversation: to anyone else it does not exist (NOT_FOUND, not FORBIDDEN).
 * A member reads the messages posted from their addition on; a removed member reads nothing of it
 * any more. Messages are numbered per conversation from 1; their pages are cursor pages by number.
 *
 * Attachments travel as the cases' photos do (a NATS message is too small for a file): `begin`
 * (the conversation, the file's name, its declared type) → `append` × n → `finish`, then the
 * message names the attachment ids. The type is detected from the file's first bytes.
 *
 * Events carry ids, never a message's body, a name or an e-mail address: external systems read them.
 */
import { z } from 'zod';
import { emailAddressSchema } from '../email';

import { type EventContract, defineEvent } from '../events';
import { type RequestContract, defineRequest } from '../requests';

/** The most members a conversation has (one document holds them all). */
export const CONVERSATION_MEMBERS_MAX = 200;
/** The most report templates of one operation. */
export const CONVERSATION_TEMPLATES_MAX = 20;
/** The most attachments of one message. */
export const MESSAGE_ATTACHMENTS_MAX = 10;
export const MESSAGE_BODY_MAX = 20_000;
export const MESSAGE_PAGE_MAX = 100;
export const CONVERSATION_PAGE_MAX = 100;

const conversationId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a conversation id');
const attachmentId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'an attachment id');
/** A member as events and replies name them: a user's Keycloak sub, or `ext-<hash>` of an address. */
const memberId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a member id');
const timestamp = z.iso.datetime({ offset: true });
const day = z.iso.date();
/** A message's number in its conversation, from 1. */
const messageNumber = z.number().int().min(1);

/** Whom to add: a user of the system by their sub, or an outside party by e-mail. */
export const newMemberSchema = z.union([
  z.strictObject({ user: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a user id') }),
  z.strictObject({ email: emailAddressSchema(254) }),
]);
export type NewMember = z.infer<typeof newMemberSchema>;

/** A report template of an operation: the members write their reports from its body. */
export const reportTemplateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  body: z.string().min(1).max(10_000),
});
export type ReportTemplate = z.infer<typeof reportTemplateSchema>;

/** A member as the other members see them, with their read receipt. */
export const conversationMemberSchema = z.object({
  id: memberId,
  type: z.enum(['user', 'external']),
  /** The user's sub (a user member). */
  user: z.string().optional(),
  /** The address (an external member). */
  email: z.string().optional(),
  /** They read the messages numbered after this one (0: all). */
  addedAfter: z.number().int().min(0),
  addedAt: timestamp,
  /** The last message they marked read (their read receipt); externals have none. */
  lastRead: z.number().int().min(0),
});
export type ConversationMember = z.infer<typeof conversationMemberSchema>;

/** A conversation as a member reads it. */
export const conversationSchema = z.object({
  id: conversationId,
  name: z.string(),
  owner: z.string(),
  startsOn: day.optional(),
  endsOn: day.optional(),
  templates: z.array(reportTemplateSchema),
  /** The members now (removed ones are not listed). */
  members: z.array(conversationMemberSchema),
  /** The number of the last message posted (0: none). */
  lastMessage: z.number().int().min(0),
  /** Messages after the caller's read receipt (none for the owner's own messages). */
  unread: z.number().int().min(0),
  createdAt: timestamp,
  version: z.number().int().min(1),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const createConversation = defineRequest({
  service: 'notifications',
  aggregate: 'conversation',
  verb: 'create',
  description: `Creates a conversation, or a closed user group for an operation, owned by the caller (its first member). Members are users by sub or outside parties by e-mail, at most ${CONVERSATION_MEMBERS_MAX} with the owner; an operation may have dates (endsOn not before startsOn) and report templates.`,
  request: z
    .strictObject({
      name: z.string().trim().min(1).max(200),
      members: z
        .array(newMemberSchema)
        .max(CONVERSATION_MEMBERS_MAX - 1)
        .default([]),
      startsOn: day.optional(),
      endsOn: day.optional(),
      templates: z.array(reportTemplateSchema).max(CONVERSATION_TEMPLATES_MAX).default([]),
    })
    .refine((r) => !r.startsOn || !r.endsOn || r.endsOn >= r.startsOn, {
      message: 'the end comes before the start',
      path: ['endsOn'],
    }),
  reply: conversationSchema,
});

export const getConversation = defineRequest({
  service: 'notifications',
  aggregate: 'conversation',
  verb: 'get',
  description:
    'A conversation the caller is a member of, with its members and their read receipts; NOT_FOUND otherwise.',
  request: z.strictObject({ id: conversationId }),
  reply: conversationSchema,
});

/** A conversation in the caller's list. */
export const conversationSummarySchema = conversationSchema.pick({
  id: true,
  name: true,
  owner: true,
  startsOn: true,
  endsOn: true,
  lastMessage: true,
  unread: true,
});

/** `<13 digits of ms of the last activity>-<conversation id>`, ordered as text. */
const conversationCursor = z
  .string()
  .regex(/^\d{13}-[A-Za-z0-9-]{1,64}$/, 'a cursor looks like 1765123456789-<id>');

export const listConversations = defineRequest({
  service: 'notifications',
  aggregate: 'conversation',
  verb: 'list',
  description:
    "The caller's conversations, the latest activity first, with their unread counts, a page at a time (`cursor`: the `nextCursor` of the page before).",
  request: z.strictObject({
    cursor: conversationCursor.optional(),
    limit: z.number().int().min(1).max(CONVERSATION_PAGE_MAX).default(20),
  }),
  reply: z.object({
    items: z.array(conversationSummarySchema),
    nextCursor: conversationCursor.optional(),
  }),
});

export const addConversationMembers = defineRequest({
  service: 'notifications',
  aggregate: 'conversation',
  verb: 'add-members',
  description:
    'The owner adds members; they read what is posted from now on. A member already there stays as they are. CONFLICT beyond the maximum.',
  request: z.strictObject({
    id: conversationId,
    members: z
      .array(newMemberSchema)
      .min(1)
      .max(CONVERSATION_MEMBERS_MAX - 1),
  }),
  reply: conversationSchema,
});

export const removeConversationMember = defineRequest({
  service: 'notifications',
  aggregate: 'conversation',
  verb: 'remove-member',
  description:
    'The owner removes a member (or a member leaves): from then on the conversation does not exist for them. The owner cannot be removed.',
  request: z.strictObject({ id: conversationId, member: memberId }),
  reply: z.object({ removed: z.boolean() }),
});

/** An attachment as a message lists it. */
export const attachmentSchema = z.object({
  id: attachmentId,
  /** The file's name as sent. */
  name: z.string(),
  /** As detected from the file's first bytes. */
  contentType: z.string(),
  size: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** A message as a member reads it. */
export const messageSchema = z.object({
  conversationId,
  number: messageNumber,
  author: z.string(),
  body: z.string(),
  /** The report template it was written from, by name. */
  template: z.string().optional(),
  attachments: z.array(attachmentSchema),
  postedAt: timestamp,
});
export type Message = z.infer<typeof messageSchema>;

export const postMessage = defineRequest({
  service: 'notifications',
  aggregate: 'message',
  verb: 'post',
  description:
    'A member posts a message, with attachments they uploaded to this conversation (finished, not yet posted): the other members are told (a notification `message-posted`, external members by e-mail).',
  request: z.strictObject({
    conversationId,
    body: z.string().trim().min(1).max(MESSAGE_BODY_MAX),
    template: z.string().trim().min(1).max(100).optional(),
    attachments: z.array(attachmentId).max(MESSAGE_ATTACHMENTS_MAX).default([]),
  }),
  reply: messageSchema,
});

export const listMessages = defineRequest({
  service: 'notifications',
  aggregate: 'message',
  verb: 'list',
  description:
    'The messages of a conversation the caller may read, newest first, a page at a time: `before` is the `nextCursor` of the page before (a message number).',
  request: z.strictObject({
    conversationId,
    before: z.number().int().min(2).optional(),
    limit: z.number().int().min(1).max(MESSAGE_PAGE_MAX).default(20),
  }),
  reply: z.object({
    items: z.array(messageSchema),
    nextCursor: z.number().int().min(2).optional(),
  }),
});

export const markConversationRead = defineRequest({
  service: 'notifications',
  aggregate: 'conversation',
  verb: 'mark-read',
  description:
    "Moves the caller's read receipt to message `upTo` (at most the last one; never back).",
  request: z.strictObject({ id: conversationId, upTo: z.number().int().min(0) }),
  reply: z.object({ lastRead: z.number().int().min(0) }),
});

/** The files a message may carry, as detected from their first bytes. */
export const ATTACHMENT_CONTENT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'image/gif',
] as const;

/** Base64 of at most 1 MiB of binary data (a chunk). */
const base64Data = z.base64().max(1_400_000);

export const beginAttachmentUpload = defineRequest({
  service: 'notifications',
  aggregate: 'attachment',
  verb: 'begin',
  description:
    'A member starts uploading a file to a conversation. Replies with the upload id, the largest chunk `append` takes and the size limit; the type is checked on the first chunk.',
  request: z.strictObject({
    conversationId,
    name: z.string().trim().min(1).max(200),
    /** The type the client declared (the multipart part's Content-Type), if any. */
    declaredType: z.string().trim().min(1).max(100).optional(),
  }),
  reply: z.object({
    uploadId: attachmentId,
    chunkBytes: z.number().int().positive(),
    maxBytes: z.number().int().positive(),
  }),
});

export const appendAttachmentChunk = defineRequest({
  service: 'notifications',
  aggregate: 'attachment',
  verb: 'append',
  description:
    'The next chunk of an upload, numbered from 0, in order (the last one again is harmless). The first must start with the signature of an accepted type (PDF, JPEG, PNG, TIFF, GIF) that agrees with the declared type, and the total must stay within the limit: otherwise VALIDATION_FAILED names `file` and the upload is discarded.',
  request: z.strictObject({
    uploadId: attachmentId,
    sequence: z.number().int().min(0).max(100_000),
    data: base64Data.min(1),
  }),
  reply: z.object({ uploadId: attachmentId, received: z.number().int().min(0) }),
});

export const finishAttachmentUpload = defineRequest({
  service: 'notifications',
  aggregate: 'attachment',
  verb: 'finish',
  description:
    'Completes an upload once `chunks` chunks of `size` bytes arrived; the attachment can then be posted in a message. Finishing again replies the same.',
  request: z.strictObject({
    uploadId: attachmentId,
    chunks: z.number().int().positive(),
    size: z.number().int().positive(),
  }),
  reply: attachmentSchema,
});

export const abortAttachmentUpload = defineRequest({
  service: 'notifications',
  aggregate: 'attachment',
  verb: 'abort',
  description: 'Discards an unfinished upload and whatever it received.',
  request: z.strictObject({ uploadId: attachmentId }),
  reply: z.object({ aborted: z.boolean() }),
});

export const getAttachment = defineRequest({
  service: 'notifications',
  aggregate: 'attachment',
  verb: 'get',
  description:
    'An attachment of a message the caller may read, with the number of chunks to read to download it.',
  request: z.strictObject({ conversationId, attachmentId }),
  reply: attachmentSchema.extend({ chunks: z.number().int().positive() }),
});

export const readAttachmentChunk = defineRequest({
  service: 'notifications',
  aggregate: 'attachment',
  verb: 'read',
  description: 'One chunk (from 0) of an attachment the caller may read.',
  request: z.strictObject({
    conversationId,
    attachmentId,
    sequence: z.number().int().min(0).max(100_000),
  }),
  reply: z.object({ sequence: z.number().int().min(0), data: base64Data }),
});

export const conversationRequestContracts: readonly RequestContract[] = [
  createConversation,
  getConversation,
  listConversations,
  addConversationMembers,
  removeConversationMember,
  markConversationRead,
  postMessage,
  listMessages,
  beginAttachmentUpload,
  appendAttachmentChunk,
  finishAttachmentUpload,
  abortAttachmentUpload,
  getAttachment,
  readAttachmentChunk,
];

/** Every conversation event: its `subject` is the conversation id. */
const conversationEventBase = { conversationId };

export const conversationCreated = defineEvent({
  service: 'notifications',
  aggregate: 'conversation',
  verb: 'created',
  version: 1,
  description:
    'A conversation (or an operation group) was created; its members by id (external parties by a hash of their address). No name.',
  data: z.object({ ...conversationEventBase, owner: z.string(), members: z.array(memberId) }),
});

export const conversationMembersAdded = defineEvent({
  service: 'notifications',
  aggregate: 'conversation',
  verb: 'members-added',
  version: 1,
  description: 'Members were added to a conversation; they read what is posted from `after` on.',
  data: z.object({
    ...conversationEventBase,
    members: z.array(memberId),
    after: z.number().int().min(0),
  }),
});

export const conversationMemberRemoved = defineEvent({
  service: 'notifications',
  aggregate: 'conversation',
  verb: 'member-removed',
  version: 1,
  description: 'A member was removed from (or left) a conversation after message `after`.',
  data: z.object({ ...conversationEventBase, member: memberId, after: z.number().int().min(0) }),
});

export const conversationRead = defineEvent({
  service: 'notifications',
  aggregate: 'conversation',
  verb: 'read',
  version: 1,
  description: "A member's read receipt moved to message `upTo`.",
  data: z.object({ ...conversationEventBase, member: memberId, upTo: z.number().int().min(0) }),
});

export const messagePosted = defineEvent({
  service: 'notifications',
  aggregate: 'message',
  verb: 'posted',
  version: 1,
  description:
    "A message was posted in a conversation (the event's subject): its number, author and attachment ids, never its body.",
  data: z.object({
    ...conversationEventBase,
    number: messageNumber,
    author: z.string(),
    attachments: z.array(attachmentId),
  }),
});

export const conversationEventContracts: readonly EventContract[] = [
  conversationCreated,
  conversationMembersAdded,
  conversationMemberRemoved,
  conversationRead,
  messagePosted,
];
