import { once } from 'node:events';
import { type Readable } from 'node:stream';
import {
  Controller,
  Get,
  HttpCode,
  Param,
  PayloadTooLargeException,
  Post,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  type CasePhoto,
  type HandlerRequestOf,
  type ReplyOf,
  abortCasePhotoUpload,
  appendCasePhotoChunk,
  beginCasePhotoUpload,
  finishCasePhotoUpload,
  getCasePhoto,
  getCasePhotoThumbnail,
  listCasePhotos,
  readCasePhotoChunk,
} from '@opencen/contracts';
import { ContractClient, type RequestContext, ServiceError } from '@opencen/nest-kit';
import busboy from 'busboy';
import { type Response } from 'express';
import { Roles } from '../auth/access';
import { Caller, ContractRequest, ContractRouteHandler } from '../http/contract-route';
import { type GatewayRequest } from '../http/gateway-request';
import {
  PHOTO_PATH,
  PHOTO_READERS,
  PHOTO_UPLOADERS,
  PHOTOS_PATH,
  THUMBNAIL_PATH,
  casePhotoRoutes as routes,
} from './photos.routes';

/** Text fields an upload may carry before its file. */
const FIELDS = new Set(['kind', 'caption']);

/**
 * Photos of cases over HTTP. The upload is read part by part (busboy) and sent to the cases
 * service in chunks as it arrives, with the request paused while a chunk is in flight; downloads
 * read one chunk at a time and write it before asking for the next. No file is held whole.
 */
@Controller()
export class CasePhotosController {
  constructor(private readonly client: ContractClient) {}

  @ContractRouteHandler(routes.list)
  async list(
    @ContractRequest() request: HandlerRequestOf<typeof listCasePhotos>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof listCasePhotos>> {
    return this.client.send(listCasePhotos, request, { context: caller });
  }

  @Post(PHOTOS_PATH)
  @HttpCode(201)
  @Roles(...PHOTO_UPLOADERS)
  async upload(
    @Param('caseId') caseId: string,
    @Req() req: GatewayRequest,
    @Res({ passthrough: true }) res: Response,
    @Caller() caller: RequestContext,
  ): Promise<CasePhoto> {
    if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
      throw new UnsupportedMediaTypeException(
        'The body must be multipart/form-data with the image in a part named file',
      );
    }
    try {
      const photo = await this.receive(caseId, req, caller);
      res.location(`/api/v1/cases/${encodeURIComponent(caseId)}/photos/${photo.id}`);
      return photo;
    } catch (error) {
      // Whatever the client still sends is read and dropped, so that it gets the answer.
      req.unpipe();
      req.resume();
      throw error;
    }
  }

  @Get(PHOTO_PATH)
  @Roles(...PHOTO_READERS)
  async download(
    @Param('caseId') caseId: string,
    @Param('photoId') photoId: string,
    @Res() res: Response,
    @Caller() caller: RequestContext,
  ): Promise<void> {
    const ids = photoIds(caseId, photoId);
    const photo = await this.client.send(getCasePhoto, ids, { context: caller });
    res.status(200);
    res.setHeader('Content-Type', photo.contentType);
    res.setHeader('Content-Length', String(photo.size));
    res.setHeader('ETag', `"${photo.sha256}"`);
    for (let sequence = 0; sequence < photo.chunks; sequence += 1) {
      const chunk = await this.client.send(
        readCasePhotoChunk,
        { ...ids, sequence },
        { context: caller },
      );
      if (!res.write(Buffer.from(chunk.data, 'base64'))) await once(res, 'drain');
    }
    res.end();
  }

  @Get(THUMBNAIL_PATH)
  @Roles(...PHOTO_READERS)
  async thumbnail(
    @Param('caseId') caseId: string,
    @Param('photoId') photoId: string,
    @Res() res: Response,
    @Caller() caller: RequestContext,
  ): Promise<void> {
    const thumbnail = await this.client.send(getCasePhotoThumbnail, photoIds(caseId, photoId), {
      context: caller,
    });
    res.status(200).type(thumbnail.contentType).send(Buffer.from(thumbnail.data, 'base64'));
  }

  /** Parses the multipart body and uploads its file part; resolves with the stored photo. */
  private receive(caseId: string, req: GatewayRequest, caller: RequestContext): Promise<CasePhoto> {
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
        upload = this.stream(caseId, fields, info.mimeType, stream, caller);
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
  private async stream(
    caseId: string,
    fields: Record<string, string>,
    declaredType: string,
    file: Readable,
    caller: RequestContext,
  ): Promise<CasePhoto> {
    const context = { context: caller };
    let uploadId: string | undefined;
    try {
      const begun = await this.client.send(
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
        await this.client.send(
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
      return await this.client.send(
        finishCasePhotoUpload,
        { uploadId, chunks: sequence, size },
        context,
      );
    } catch (error) {
      file.resume();
      if (uploadId !== undefined) {
        // Best effort: a refused file is discarded by the service already, and the cleanup job
        // takes whatever an abort that fails leaves behind.
        await this.client.send(abortCasePhotoUpload, { uploadId }, context).catch(() => undefined);
      }
      throw error;
    }
  }
}

/** Path parameters that cannot name a photo name nothing: 404. */
function photoIds(caseId: string, photoId: string): { caseId: string; photoId: string } {
  const parsed = getCasePhoto.request.safeParse({ caseId, photoId });
  if (!parsed.success) throw ServiceError.notFound('There is no such photo');
  return parsed.data;
}
