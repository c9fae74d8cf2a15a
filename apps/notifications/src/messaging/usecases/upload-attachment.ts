import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import {
  type Attachment,
  DomainRefusal,
  type HandlerReplyOf,
  type HandlerRequestOf,
  type appendAttachmentChunk,
  type beginAttachmentUpload,
  type finishAttachmentUpload,
  assertAllReceived,
  assertDeclaredTypeAccepted,
  decideChunk,
} from '@opencen/contracts';
import { Clock, IdGenerator, type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { ATTACHMENT_TYPES, type AttachmentUpload, toAttachment } from '../domain/attachment-upload';
import { memberOrNotFound } from '../domain/conversation';
import { AttachmentSettings, AttachmentStore, ConversationStore } from './ports';

// An attachment travels as a case photo does (a NATS message is too small for a file): begin →
// append × n → finish, or abort; each step is a request any replica may take, the chunks are
// stored by key `<upload>:<n>`.

/** The caller's own upload, or NOT_FOUND (another's upload does not exist for them). */
async function ownUpload(
  store: AttachmentStore,
  id: string,
  context: RequestContext,
): Promise<AttachmentUpload> {
  const principal = requirePrincipal(context, 'Attachments');
  const upload = await store.get(id);
  if (!upload || upload.uploadedBy !== principal.sub)
    throw DomainRefusal.notFound(`No upload ${id}`);
  return upload;
}

/** A member opens an upload to a conversation; a declared type never accepted is refused at once. */
@Injectable()
export class BeginAttachmentUpload {
  constructor(
    private readonly conversations: ConversationStore,
    private readonly attachments: AttachmentStore,
    private readonly settings: AttachmentSettings,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  async execute(
    command: HandlerRequestOf<typeof beginAttachmentUpload> & { context: RequestContext },
  ): Promise<HandlerReplyOf<typeof beginAttachmentUpload>> {
    const principal = requirePrincipal(command.context, 'Attachments');
    memberOrNotFound(
      await this.conversations.get(command.conversationId),
      command.conversationId,
      principal.sub,
    );
    assertDeclaredTypeAccepted(command.declaredType, ATTACHMENT_TYPES);
    const id = this.ids.next();
    const now = this.clock.now();
    await this.attachments.insert({
      id,
      conversationId: command.conversationId,
      name: command.name,
      ...(command.declaredType ? { declaredType: command.declaredType } : {}),
      status: 'uploading',
      nextSequence: 0,
      received: 0,
      uploadedBy: principal.sub,
      createdAt: now,
      touchedAt: now,
    });
    return { uploadId: id, ...this.settings.limits };
  }
}

/** The next chunk; a file refused (type, size) is discarded with what it had received. */
@Injectable()
export class AppendAttachmentChunk {
  constructor(
    private readonly attachments: AttachmentStore,
    private readonly settings: AttachmentSettings,
    private readonly clock: Clock,
  ) {}

  async execute(
    command: HandlerRequestOf<typeof appendAttachmentChunk> & { context: RequestContext },
  ): Promise<HandlerReplyOf<typeof appendAttachmentChunk>> {
    const upload = await ownUpload(this.attachments, command.uploadId, command.context);
    const data = Buffer.from(command.data, 'base64');
    let decision;
    try {
      decision = decideChunk(
        upload,
        command.sequence,
        data,
        this.settings.limits,
        ATTACHMENT_TYPES,
      );
    } catch (error) {
      const refusesFile =
        error instanceof DomainRefusal && error.details.some((d) => d.path === 'file');
      if (refusesFile) await this.attachments.discard(upload.id);
      throw error;
    }
    if (decision.action === 'repeat') return { uploadId: upload.id, received: upload.received };
    // The chunk first, then the count: a crash between them stores it again on the retry.
    await this.attachments.putChunk(upload.id, command.sequence, data);
    if (
      !(await this.attachments.advance(
        upload.id,
        command.sequence,
        data.length,
        decision.contentType,
        this.clock.now(),
      ))
    ) {
      throw DomainRefusal.conflict(`Upload ${upload.id} moved on meanwhile`, [
        {
          path: 'sequence',
          reason: 'another append of this chunk came first',
          code: 'out_of_order',
        },
      ]);
    }
    return { uploadId: upload.id, received: upload.received + data.length };
  }
}

/** Completes an upload once every chunk arrived, with the file's SHA-256. */
@Injectable()
export class FinishAttachmentUpload {
  constructor(
    private readonly attachments: AttachmentStore,
    private readonly clock: Clock,
  ) {}

  async execute(
    command: HandlerRequestOf<typeof finishAttachmentUpload> & { context: RequestContext },
  ): Promise<Attachment> {
    const upload = await ownUpload(this.attachments, command.uploadId, command.context);
    if (upload.status !== 'uploading') return toAttachment(upload);
    assertAllReceived(upload, command.chunks, command.size);
    const hash = createHash('sha256');
    for (let sequence = 0; sequence < upload.nextSequence; sequence++) {
      const chunk = await this.attachments.chunk(upload.id, sequence);
      if (!chunk) throw new Error(`Chunk ${sequence} of upload ${upload.id} is missing`);
      hash.update(chunk);
    }
    const sha256 = hash.digest('hex');
    await this.attachments.markFinished(upload.id, sha256, this.clock.now());
    const finished = await this.attachments.get(upload.id);
    return toAttachment(finished ?? { ...upload, status: 'finished', sha256 });
  }
}

/** Discards an unfinished upload of the caller's. */
@Injectable()
export class AbortAttachmentUpload {
  constructor(private readonly attachments: AttachmentStore) {}

  async execute(command: {
    uploadId: string;
    context: RequestContext;
  }): Promise<{ aborted: boolean }> {
    const upload = await ownUpload(this.attachments, command.uploadId, command.context);
    return { aborted: await this.attachments.discard(upload.id) };
  }
}
