import { Injectable } from '@nestjs/common';
import {
  DomainRefusal,
  type HandlerReplyOf,
  type getAttachment,
  type readAttachmentChunk,
} from '@opencen/contracts';
import { type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { type AttachmentUpload, toAttachment } from '../domain/attachment-upload';
import { memberOrNotFound } from '../domain/conversation';
import { AttachmentStore, ConversationStore } from './ports';

/**
 * An attachment is read by whoever may read the message it was posted in: a member of its
 * conversation added before that message. Anything else is NOT_FOUND.
 */
async function readableAttachment(
  conversations: ConversationStore,
  attachments: AttachmentStore,
  ids: { conversationId: string; attachmentId: string },
  context: RequestContext,
): Promise<AttachmentUpload> {
  const principal = requirePrincipal(context, 'Attachments');
  const member = memberOrNotFound(
    await conversations.get(ids.conversationId),
    ids.conversationId,
    principal.sub,
  );
  const upload = await attachments.get(ids.attachmentId);
  if (
    !upload ||
    upload.conversationId !== ids.conversationId ||
    upload.status !== 'posted' ||
    upload.postedIn === undefined ||
    upload.postedIn <= member.addedAfter
  ) {
    throw DomainRefusal.notFound(
      `No attachment ${ids.attachmentId} in conversation ${ids.conversationId}`,
    );
  }
  return upload;
}

@Injectable()
export class GetAttachment {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly attachments: AttachmentStore,
  ) {}

  async execute(command: {
    conversationId: string;
    attachmentId: string;
    context: RequestContext;
  }): Promise<HandlerReplyOf<typeof getAttachment>> {
    const upload = await readableAttachment(
      this.conversations,
      this.attachments,
      command,
      command.context,
    );
    return { ...toAttachment(upload), chunks: upload.nextSequence };
  }
}

@Injectable()
export class ReadAttachmentChunk {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly attachments: AttachmentStore,
  ) {}

  async execute(command: {
    conversationId: string;
    attachmentId: string;
    sequence: number;
    context: RequestContext;
  }): Promise<HandlerReplyOf<typeof readAttachmentChunk>> {
    const upload = await readableAttachment(
      this.conversations,
      this.attachments,
      command,
      command.context,
    );
    const data =
      command.sequence < upload.nextSequence
        ? await this.attachments.chunk(upload.id, command.sequence)
        : null;
    if (!data)
      throw DomainRefusal.notFound(`No chunk ${command.sequence} of attachment ${upload.id}`);
    return { sequence: command.sequence, data: data.toString('base64') };
  }
}
