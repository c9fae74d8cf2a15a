import { withOutbox } from '@opencen/nest-kit';
import { Schema } from 'mongoose';

export const CONVERSATION_MODEL = 'Conversation';
/** Also given to the outbox relay: a conversation's writes carry their events. */
export const CONVERSATIONS_COLLECTION = 'conversations';
export const MESSAGE_MODEL = 'ConversationMessage';
/** Also given to the outbox relay: a message's insert carries its posted event. */
export const MESSAGES_COLLECTION = 'conversation_messages';
export const ATTACHMENT_MODEL = 'ConversationAttachment';
export const ATTACHMENTS_COLLECTION = 'conversation_attachments';
export const ATTACHMENT_CHUNK_MODEL = 'ConversationAttachmentChunk';
export const ATTACHMENT_CHUNKS_COLLECTION = 'conversation_attachment_chunks';
export const OPEN_UPLOAD_MODEL = 'ConversationOpenUpload';
export const OPEN_UPLOADS_COLLECTION = 'conversation_open_uploads';

/**
 * A conversation by its id: its members (at most CONVERSATION_MEMBERS_MAX, so the array is
 * bounded) with their read receipts, and the count of its messages. Written under its `version`
 * through the kit (write lock, outbox). No secondary index: read by `_id`; a user's list comes from
 * the `notifications-conversations` index.
 */
export interface ConversationDocument {
  _id: string;
  name: string;
  owner: string;
  startsOn?: string;
  endsOn?: string;
  templates: { name: string; body: string }[];
  members: {
    id: string;
    type: string;
    user?: string;
    email?: string;
    addedAfter: number;
    addedAt: Date;
    lastRead: number;
  }[];
  lastMessage: number;
  lastActivityAt: Date;
  createdAt: Date;
  version: number;
}

export const conversationSchema = new Schema<ConversationDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    owner: { type: String, required: true },
    startsOn: String,
    endsOn: String,
    templates: { type: Schema.Types.Mixed, default: [] },
    members: { type: Schema.Types.Mixed, default: [] },
    lastMessage: { type: Number, required: true },
    lastActivityAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false, minimize: false },
);
withOutbox(conversationSchema);

/**
 * A message by `<conversation>/<number in 10 digits>`: inserting that key is what takes the
 * number. Its posted event rides in the insert. No secondary index: a page is a list of keys.
 */
export interface MessageDocument {
  _id: string;
  conversationId: string;
  number: number;
  author: string;
  body: string;
  template?: string;
  attachments: { id: string; name: string; contentType: string; size: number; sha256: string }[];
  postedAt: Date;
  /** The post's id (kit IdGenerator): a replayed Idempotency-Key request knows its message by it. */
  postId?: string;
}

export const messageSchema = new Schema<MessageDocument>(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    number: { type: Number, required: true },
    author: { type: String, required: true },
    body: { type: String, required: true },
    template: String,
    attachments: { type: Schema.Types.Mixed, default: [] },
    postedAt: { type: Date, required: true },
    postId: String,
  },
  { versionKey: false, minimize: false },
);
withOutbox(messageSchema);

/**
 * An upload and, once finished, the attachment it became, by its id; its bytes are in
 * `conversation_attachment_chunks` under `<id>:<n>` (as the cases service keeps photos: any
 * replica takes the next chunk, and nothing FerretDB lacks is used). No secondary index.
 */
export interface AttachmentDocument {
  _id: string;
  conversationId: string;
  name: string;
  declaredType?: string;
  contentType?: string;
  status: string;
  nextSequence: number;
  received: number;
  uploadedBy: string;
  createdAt: Date;
  /** The last chunk or the finish: the cleanup job discards uploads idle for too long. */
  touchedAt: Date;
  sha256?: string;
  postedIn?: number;
}

export const attachmentSchema = new Schema<AttachmentDocument>(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    name: { type: String, required: true },
    declaredType: String,
    contentType: String,
    status: { type: String, required: true },
    nextSequence: { type: Number, required: true },
    received: { type: Number, required: true },
    uploadedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    touchedAt: { type: Date, required: true },
    sha256: String,
    postedIn: Number,
  },
  { versionKey: false },
);

/** One chunk of an attachment, `<attachment>:<sequence>`: storing it again replaces it. */
export interface AttachmentChunkDocument {
  _id: string;
  data: Buffer;
}

export const attachmentChunkSchema = new Schema<AttachmentChunkDocument>(
  { _id: { type: String, required: true }, data: { type: Buffer, required: true } },
  { versionKey: false },
);

/**
 * An attachment not posted yet, by its id: what the cleanup job reads instead of the attachments.
 * Inserted before the upload, deleted once it is posted or discarded, so the collection holds the
 * uploads in flight only (declared bounded in app.module.ts).
 */
export interface OpenUploadDocument {
  _id: string;
  since: Date;
}

export const openUploadSchema = new Schema<OpenUploadDocument>(
  { _id: { type: String, required: true }, since: { type: Date, required: true } },
  { versionKey: false },
);
