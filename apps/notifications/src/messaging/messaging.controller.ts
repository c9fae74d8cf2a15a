import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  abortAttachmentUpload,
  addConversationMembers,
  appendAttachmentChunk,
  beginAttachmentUpload,
  createConversation,
  finishAttachmentUpload,
  getAttachment,
  getConversation,
  listConversations,
  listMessages,
  markConversationRead,
  postMessage,
  readAttachmentChunk,
  removeConversationMember,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { AddMembers } from './usecases/add-members';
import { CreateConversation } from './usecases/create-conversation';
import { GetConversation } from './usecases/get-conversation';
import { ListConversations } from './usecases/list-conversations';
import { ListMessages } from './usecases/list-messages';
import { MarkConversationRead } from './usecases/mark-conversation-read';
import { PostMessage } from './usecases/post-message';
import { GetAttachment, ReadAttachmentChunk } from './usecases/read-attachment';
import { RemoveMember } from './usecases/remove-member';
import {
  AbortAttachmentUpload,
  AppendAttachmentChunk,
  BeginAttachmentUpload,
  FinishAttachmentUpload,
} from './usecases/upload-attachment';

type Reply<C extends Parameters<typeof HandleRequest>[0]> = Promise<HandlerReplyOf<C>>;
type Req<C extends Parameters<typeof HandleRequest>[0]> = HandlerRequestOf<C>;

/** The `notifications.conversation|message|attachment.*` subjects: members only, others NOT_FOUND. */
@Controller()
export class MessagingController {
  constructor(
    private readonly createConversation: CreateConversation,
    private readonly getConversation: GetConversation,
    private readonly listConversations: ListConversations,
    private readonly addMembers: AddMembers,
    private readonly removeMember: RemoveMember,
    private readonly markRead: MarkConversationRead,
    private readonly postMessage: PostMessage,
    private readonly listMessages: ListMessages,
    private readonly beginUpload: BeginAttachmentUpload,
    private readonly appendChunk: AppendAttachmentChunk,
    private readonly finishUpload: FinishAttachmentUpload,
    private readonly abortUpload: AbortAttachmentUpload,
    private readonly getAttachment: GetAttachment,
    private readonly readChunk: ReadAttachmentChunk,
  ) {}

  @HandleRequest(createConversation)
  create(
    request: Req<typeof createConversation>,
    context: RequestContext,
  ): Reply<typeof createConversation> {
    return this.createConversation.execute({ ...request, context });
  }

  @HandleRequest(getConversation)
  get(
    request: Req<typeof getConversation>,
    context: RequestContext,
  ): Reply<typeof getConversation> {
    return this.getConversation.execute({ ...request, context });
  }

  @HandleRequest(listConversations)
  list(
    request: Req<typeof listConversations>,
    context: RequestContext,
  ): Reply<typeof listConversations> {
    return this.listConversations.execute({ ...request, context });
  }

  @HandleRequest(addConversationMembers)
  add(
    request: Req<typeof addConversationMembers>,
    context: RequestContext,
  ): Reply<typeof addConversationMembers> {
    return this.addMembers.execute({ ...request, context });
  }

  @HandleRequest(removeConversationMember)
  remove(
    request: Req<typeof removeConversationMember>,
    context: RequestContext,
  ): Reply<typeof removeConversationMember> {
    return this.removeMember.execute({ ...request, context });
  }

  @HandleRequest(markConversationRead)
  read(
    request: Req<typeof markConversationRead>,
    context: RequestContext,
  ): Reply<typeof markConversationRead> {
    return this.markRead.execute({ ...request, context });
  }

  @HandleRequest(postMessage)
  post(request: Req<typeof postMessage>, context: RequestContext): Reply<typeof postMessage> {
    return this.postMessage.execute({ ...request, context });
  }

  @HandleRequest(listMessages)
  messages(request: Req<typeof listMessages>, context: RequestContext): Reply<typeof listMessages> {
    return this.listMessages.execute({ ...request, context });
  }

  @HandleRequest(beginAttachmentUpload)
  begin(
    request: Req<typeof beginAttachmentUpload>,
    context: RequestContext,
  ): Reply<typeof beginAttachmentUpload> {
    return this.beginUpload.execute({ ...request, context });
  }

  @HandleRequest(appendAttachmentChunk)
  append(
    request: Req<typeof appendAttachmentChunk>,
    context: RequestContext,
  ): Reply<typeof appendAttachmentChunk> {
    return this.appendChunk.execute({ ...request, context });
  }

  @HandleRequest(finishAttachmentUpload)
  finish(
    request: Req<typeof finishAttachmentUpload>,
    context: RequestContext,
  ): Reply<typeof finishAttachmentUpload> {
    return this.finishUpload.execute({ ...request, context });
  }

  @HandleRequest(abortAttachmentUpload)
  abort(
    request: Req<typeof abortAttachmentUpload>,
    context: RequestContext,
  ): Reply<typeof abortAttachmentUpload> {
    return this.abortUpload.execute({ ...request, context });
  }

  @HandleRequest(getAttachment)
  attachment(
    request: Req<typeof getAttachment>,
    context: RequestContext,
  ): Reply<typeof getAttachment> {
    return this.getAttachment.execute({ ...request, context });
  }

  @HandleRequest(readAttachmentChunk)
  chunk(
    request: Req<typeof readAttachmentChunk>,
    context: RequestContext,
  ): Reply<typeof readAttachmentChunk> {
    return this.readChunk.execute({ ...request, context });
  }
}
