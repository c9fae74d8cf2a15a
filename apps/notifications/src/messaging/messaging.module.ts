import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SearchService } from '@opencen/nest-kit';

import { ATTACHMENT_CLEANUP_INTERVAL_MS, AttachmentCleanupJob } from './attachment-cleanup.job';
import { MessagingController } from './messaging.controller';
import { MessagingConsumerOptions, MessagingEventsConsumer } from './messaging-events.consumer';
import { conversationsProjection } from './infrastructure/conversation-search.index';
import {
  ATTACHMENT_CHUNK_MODEL,
  ATTACHMENT_CHUNKS_COLLECTION,
  ATTACHMENT_MODEL,
  ATTACHMENTS_COLLECTION,
  CONVERSATION_MODEL,
  CONVERSATIONS_COLLECTION,
  MESSAGE_MODEL,
  MESSAGES_COLLECTION,
  OPEN_UPLOAD_MODEL,
  OPEN_UPLOADS_COLLECTION,
  attachmentChunkSchema,
  attachmentSchema,
  conversationSchema,
  messageSchema,
  openUploadSchema,
} from './infrastructure/conversation.schema';
import { MongoAttachmentStore } from './infrastructure/mongo-attachment-store';
import { MongoConversationStore } from './infrastructure/mongo-conversation-store';
import { MongoMessageStore } from './infrastructure/mongo-message-store';
import { OpenSearchConversationIndex } from './infrastructure/opensearch-conversation-index';
import { SmtpExternalMail } from './infrastructure/smtp-external-mail';
import { AddMembers } from './usecases/add-members';
import { CleanAbandonedUploads } from './usecases/clean-abandoned-uploads';
import { CreateConversation } from './usecases/create-conversation';
import { GetConversation } from './usecases/get-conversation';
import { ListConversations } from './usecases/list-conversations';
import { ListMessages } from './usecases/list-messages';
import { MarkConversationRead } from './usecases/mark-conversation-read';
import { NotifyMessagePosted } from './usecases/notify-message-posted';
import {
  AttachmentSettings,
  AttachmentStore,
  ConversationIndex,
  ConversationStore,
  ExternalMail,
  MessageStore,
  MessagingOptions,
} from './usecases/ports';
import { PostMessage } from './usecases/post-message';
import { GetAttachment, ReadAttachmentChunk } from './usecases/read-attachment';
import { RemoveMember } from './usecases/remove-member';
import {
  AbortAttachmentUpload,
  AppendAttachmentChunk,
  BeginAttachmentUpload,
  FinishAttachmentUpload,
} from './usecases/upload-attachment';

export { CONVERSATIONS_COLLECTION, MESSAGES_COLLECTION, OPEN_UPLOADS_COLLECTION };

export interface MessagingModuleOptions {
  readonly consumer: Omit<MessagingConsumerOptions, 'ackWaitMs'>;
  /** How long e-mails to outside members are retried (the consumer holds the event meanwhile). */
  readonly emailRetryForMs: number;
  readonly attachments: { chunkBytes: number; maxBytes: number };
  /** An upload not posted within this long is discarded, by a job every `cleanupIntervalMs`. */
  readonly abandonAfterMs: number;
  readonly cleanupIntervalMs: number;
  readonly externalBodies: 'allowed' | 'forbidden';
  readonly appUrl: string;
  /** The inbox (DeliverNotice) and e-mail (DeliverEmailOnce) modules, as the app registered them. */
  readonly inbox: DynamicModule;
  readonly email: DynamicModule;
}

/**
 * Secure messaging: conversations and operations' closed user groups, their messages and
 * attachments, read receipts; new messages become notices for the members (through the inbox) and
 * e-mails for outside parties (through the e-mail feature).
 */
@Module({})
export class MessagingModule implements OnModuleInit {
  constructor(
    private readonly search: SearchService,
    private readonly conversations: ConversationStore,
  ) {}

  /** The conversations index, fed by the conversation and message events. */
  async onModuleInit(): Promise<void> {
    await this.search.project(conversationsProjection(this.conversations));
  }

  static register(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [
        options.inbox,
        options.email,
        MongooseModule.forFeature([
          {
            name: CONVERSATION_MODEL,
            schema: conversationSchema,
            collection: CONVERSATIONS_COLLECTION,
          },
          { name: MESSAGE_MODEL, schema: messageSchema, collection: MESSAGES_COLLECTION },
          { name: ATTACHMENT_MODEL, schema: attachmentSchema, collection: ATTACHMENTS_COLLECTION },
          {
            name: ATTACHMENT_CHUNK_MODEL,
            schema: attachmentChunkSchema,
            collection: ATTACHMENT_CHUNKS_COLLECTION,
          },
          {
            name: OPEN_UPLOAD_MODEL,
            schema: openUploadSchema,
            collection: OPEN_UPLOADS_COLLECTION,
          },
        ]),
      ],
      controllers: [MessagingController],
      providers: [
        {
          provide: MessagingConsumerOptions,
          useValue: { ...options.consumer, ackWaitMs: options.emailRetryForMs + 60_000 },
        },
        {
          provide: AttachmentSettings,
          useValue: { limits: options.attachments, abandonAfterMs: options.abandonAfterMs },
        },
        { provide: ATTACHMENT_CLEANUP_INTERVAL_MS, useValue: options.cleanupIntervalMs },
        {
          provide: MessagingOptions,
          useValue: { externalBodies: options.externalBodies, appUrl: options.appUrl },
        },
        { provide: ConversationStore, useClass: MongoConversationStore },
        { provide: MessageStore, useClass: MongoMessageStore },
        { provide: AttachmentStore, useClass: MongoAttachmentStore },
        { provide: ConversationIndex, useClass: OpenSearchConversationIndex },
        { provide: ExternalMail, useClass: SmtpExternalMail },
        CreateConversation,
        GetConversation,
        ListConversations,
        AddMembers,
        RemoveMember,
        MarkConversationRead,
        PostMessage,
        ListMessages,
        BeginAttachmentUpload,
        AppendAttachmentChunk,
        FinishAttachmentUpload,
        AbortAttachmentUpload,
        GetAttachment,
        ReadAttachmentChunk,
        NotifyMessagePosted,
        MessagingEventsConsumer,
        CleanAbandonedUploads,
        AttachmentCleanupJob,
      ],
    };
  }
}
