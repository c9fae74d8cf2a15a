import { Controller } from '@nestjs/common';
import {
  type CasePhoto,
  type HandlerReplyOf,
  type HandlerRequestOf,
  abortCasePhotoUpload,
  appendCasePhotoChunk,
  beginCasePhotoUpload,
  finishCasePhotoUpload,
  getCasePhoto,
  getCasePhotoThumbnail,
  listCasePhotos,
  readCasePhotoChunk,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { AbortPhotoUpload } from './usecases/abort-photo-upload';
import { AppendPhotoChunk } from './usecases/append-photo-chunk';
import { BeginPhotoUpload } from './usecases/begin-photo-upload';
import { FinishPhotoUpload } from './usecases/finish-photo-upload';
import {
  GetCasePhoto,
  GetCasePhotoThumbnail,
  ListCasePhotos,
  ReadCasePhotoChunk,
} from './usecases/read-case-photos';

type Req<C extends Parameters<typeof HandleRequest>[0]> = HandlerRequestOf<C>;

/** The `cases.photo.*` request subjects: each hands its validated request to its use case. */
@Controller()
export class PhotosController {
  constructor(
    private readonly beginUpload: BeginPhotoUpload,
    private readonly appendChunk: AppendPhotoChunk,
    private readonly finishUpload: FinishPhotoUpload,
    private readonly abortUpload: AbortPhotoUpload,
    private readonly listPhotos: ListCasePhotos,
    private readonly getPhoto: GetCasePhoto,
    private readonly readChunk: ReadCasePhotoChunk,
    private readonly getThumbnail: GetCasePhotoThumbnail,
  ) {}

  @HandleRequest(beginCasePhotoUpload)
  begin(
    request: Req<typeof beginCasePhotoUpload>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof beginCasePhotoUpload>> {
    return this.beginUpload.execute({ ...request, context });
  }

  @HandleRequest(appendCasePhotoChunk)
  append(
    request: Req<typeof appendCasePhotoChunk>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof appendCasePhotoChunk>> {
    return this.appendChunk.execute({ ...request, context });
  }

  @HandleRequest(finishCasePhotoUpload)
  finish(request: Req<typeof finishCasePhotoUpload>, context: RequestContext): Promise<CasePhoto> {
    return this.finishUpload.execute({ ...request, context });
  }

  @HandleRequest(abortCasePhotoUpload)
  abort(
    request: Req<typeof abortCasePhotoUpload>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof abortCasePhotoUpload>> {
    return this.abortUpload.execute({ ...request, context });
  }

  @HandleRequest(listCasePhotos)
  list(
    request: Req<typeof listCasePhotos>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof listCasePhotos>> {
    return this.listPhotos.execute({ ...request, context });
  }

  @HandleRequest(getCasePhoto)
  get(
    request: Req<typeof getCasePhoto>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof getCasePhoto>> {
    return this.getPhoto.execute({ ...request, context });
  }

  @HandleRequest(readCasePhotoChunk)
  read(
    request: Req<typeof readCasePhotoChunk>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof readCasePhotoChunk>> {
    return this.readChunk.execute({ ...request, context });
  }

  @HandleRequest(getCasePhotoThumbnail)
  thumbnail(
    request: Req<typeof getCasePhotoThumbnail>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof getCasePhotoThumbnail>> {
    return this.getThumbnail.execute({ ...request, context });
  }
}
