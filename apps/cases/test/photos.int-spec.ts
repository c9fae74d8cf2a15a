import { createHash, randomBytes } from 'node:crypto';

import {
  CASE_SEARCHABLE_WITHIN_MS,
  type Principal,
  type ReplyOf,
  abortCasePhotoUpload,
  appendCasePhotoChunk,
  beginCasePhotoUpload,
  caseHistory,
  createCase,
  finishCasePhotoUpload,
  getCasePhoto,
  getCasePhotoThumbnail,
  listCasePhotos,
  readCasePhotoChunk,
  searchCasePhotos,
} from '@opencen/contracts';
import { eventually, storedEvents } from '@opencen/testing';
import { getConnectionToken } from '@nestjs/mongoose';
import { type Connection } from 'mongoose';
import sharp from 'sharp';

import {
  PHOTO_CHUNKS_COLLECTION,
  PHOTOS_COLLECTION,
} from '../src/photos/infrastructure/photo.schema';
import { type EnvPhotoSettings } from '../src/photos/infrastructure/photo-settings';
import { CleanAbandonedUploads } from '../src/photos/usecases/clean-abandoned-uploads';
import { PhotoSettings } from '../src/photos/usecases/ports';
import { type CasesService, startCasesService } from './support/cases-service';

/**
 * Photos of cases over NATS against real FerretDB: chunked uploads into the service's own
 * collections, type and size refusals that keep nothing, thumbnails, chunked downloads identical
 * to the upload, the case's history and the photo-added event, and the cleanup of abandoned
 * uploads.
 */
const suffix = randomBytes(3).toString('hex');
const officer: Principal = {
  sub: `it-photo-officer-${suffix}`,
  username: 'officer',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const otherOfficer: Principal = { ...officer, sub: `it-photo-other-${suffix}`, office: 'FRA-LEH' };

/** Small chunks, so that a test image takes several. */
const CHUNK_BYTES = 16 * 1024;
const MAX_BYTES = 512 * 1024;

async function failure(
  promise: Promise<unknown>,
): Promise<{ code?: string; details?: { path: string; code?: string }[] }> {
  return promise.then(
    () => ({ code: 'none' }),
    (error: unknown) => error as { code?: string; details?: { path: string; code?: string }[] },
  );
}

/** A noisy JPEG (noise does not compress, so it spans several chunks). */
async function jpeg(width: number, height: number): Promise<Buffer> {
  const raw = randomBytes(width * height * 3);
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

function chunksOf(file: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < file.length; offset += size) {
    chunks.push(file.subarray(offset, offset + size));
  }
  return chunks;
}

describe('photos of cases over NATS', () => {
  let service: CasesService;
  let db: Connection;
  let settings: EnvPhotoSettings;
  let caseId: string;

  beforeAll(async () => {
    service = await startCasesService(__filename, { knownSubjects: [] });
    db = service.app.get<Connection>(getConnectionToken(), { strict: false });
    // The running service's own settings, made small so that tests stay small.
    settings = service.app.get(PhotoSettings, { strict: false }) as EnvPhotoSettings;
    (settings.limits as { chunkBytes: number }).chunkBytes = CHUNK_BYTES;
    (settings.limits as { maxBytes: number }).maxBytes = MAX_BYTES;
    const kase = await service.send(
      createCase,
      { draft: { type: 'seizure', narrative: 'Concealed in a spare tyre' } },
      officer,
    );
    caseId = kase.id;
  });

  afterAll(async () => {
    await service?.close();
  });

  async function upload(
    file: Buffer,
    extra: { declaredType?: string; caption?: string; kind?: 'photo' | 'xray' } = {},
  ): Promise<ReplyOf<typeof finishCasePhotoUpload>> {
    const { uploadId } = await service.send(beginCasePhotoUpload, { caseId, ...extra }, officer);
    const chunks = chunksOf(file, CHUNK_BYTES);
    for (const [sequence, chunk] of chunks.entries()) {
      await service.send(
        appendCasePhotoChunk,
        { uploadId, sequence, data: chunk.toString('base64') },
        officer,
      );
    }
    return service.send(
      finishCasePhotoUpload,
      { uploadId, chunks: chunks.length, size: file.length },
      officer,
    );
  }

  /** The upload and its chunks still stored, each read by key as the service reads them. */
  async function storedOf(uploadId: string): Promise<{ uploads: number; chunks: number }> {
    const byId = (collection: string, id: string) =>
      db.collection(collection).countDocuments({ _id: id } as never);
    let chunks = 0;
    for (let sequence = 0; sequence <= MAX_BYTES / CHUNK_BYTES + 1; sequence++) {
      chunks += await byId(PHOTO_CHUNKS_COLLECTION, `${uploadId}:${sequence}`);
    }
    return { uploads: await byId(PHOTOS_COLLECTION, uploadId), chunks };
  }

  it('stores a JPEG in chunks, lists it with its thumbnail and gives back the same bytes', async () => {
    const file = await jpeg(640, 480);
    expect(file.length).toBeGreaterThan(3 * CHUNK_BYTES);
    const photo = await upload(file, {
      declaredType: 'image/jpeg',
      caption: 'False bottom, X-ray view',
      kind: 'xray',
    });
    expect(photo).toMatchObject({
      caseId,
      kind: 'xray',
      caption: 'False bottom, X-ray view',
      contentType: 'image/jpeg',
      size: file.length,
      sha256: createHash('sha256').update(file).digest('hex'),
      uploadedBy: officer.sub,
      thumbnail: { contentType: 'image/jpeg', width: 256, height: 192 },
    });

    const { items } = await service.send(listCasePhotos, { caseId }, officer);
    expect(items).toEqual([photo]);

    const { chunks } = await service.send(getCasePhoto, { caseId, photoId: photo.id }, officer);
    const parts: Buffer[] = [];
    for (let sequence = 0; sequence < chunks; sequence += 1) {
      const chunk = await service.send(
        readCasePhotoChunk,
        { caseId, photoId: photo.id, sequence },
        officer,
      );
      parts.push(Buffer.from(chunk.data, 'base64'));
    }
    expect(Buffer.concat(parts).equals(file)).toBe(true);

    const thumbnail = await service.send(
      getCasePhotoThumbnail,
      { caseId, photoId: photo.id },
      officer,
    );
    const meta = await sharp(Buffer.from(thumbnail.data, 'base64')).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 256, height: 192 });
  });

  it('records each photo once in the case history and emits photo-added', async () => {
    const file = await jpeg(100, 80);
    const { uploadId } = await service.send(beginCasePhotoUpload, { caseId }, officer);
    await service.send(
      appendCasePhotoChunk,
      { uploadId, sequence: 0, data: file.toString('base64') },
      officer,
    );
    const finish = { uploadId, chunks: 1, size: file.length };
    const photo = await service.send(finishCasePhotoUpload, finish, officer);
    // Finishing again (a retry after a lost reply) changes nothing.
    expect(await service.send(finishCasePhotoUpload, finish, officer)).toEqual(photo);
    expect(photo.thumbnail).toMatchObject({ width: 100, height: 80 });

    const { changes } = await service.send(caseHistory, { id: caseId }, officer);
    const added = changes.filter((c) => c.change === 'photo-added');
    expect(added).toHaveLength(2);
    expect(added.every((c) => c.by === officer.sub && c.version === 1)).toBe(true);

    type Stored = { type: string; subject: string; data: { photo: { id: string; size: number } } };
    let events: Stored[] = [];
    for (let attempt = 0; attempt < 50 && events.length < 2; attempt += 1) {
      events = (
        await storedEvents<Stored>(service.nats, 'events.cases.case.photo-added.v1')
      ).filter((e) => e.subject === caseId);
      if (events.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(events.map((e) => e.data.photo.id)).toContain(photo.id);
    expect(events.find((e) => e.data.photo.id === photo.id)?.data.photo.size).toBe(file.length);
    expect(JSON.stringify(events)).not.toContain('False bottom');
  });

  it('refuses a file that is not a JPEG, PNG or TIFF, naming the file, and keeps nothing', async () => {
    const { uploadId } = await service.send(beginCasePhotoUpload, { caseId }, officer);
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n');
    const error = await failure(
      service.send(
        appendCasePhotoChunk,
        { uploadId, sequence: 0, data: pdf.toString('base64') },
        officer,
      ),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([
      expect.objectContaining({ path: 'file', code: 'unsupported_type' }),
    ]);
    expect(await storedOf(uploadId)).toEqual({ uploads: 0, chunks: 0 });

    const declaredPdf = await failure(
      service.send(beginCasePhotoUpload, { caseId, declaredType: 'application/pdf' }, officer),
    );
    expect(declaredPdf.details?.[0]).toMatchObject({ path: 'file' });
  });

  it('refuses a declared type the content disagrees with', async () => {
    const { uploadId } = await service.send(
      beginCasePhotoUpload,
      { caseId, declaredType: 'image/png' },
      officer,
    );
    const error = await failure(
      service.send(
        appendCasePhotoChunk,
        { uploadId, sequence: 0, data: (await jpeg(20, 20)).toString('base64') },
        officer,
      ),
    );
    expect(error.details?.[0]).toMatchObject({ path: 'file', code: 'type_mismatch' });
    expect(await storedOf(uploadId)).toEqual({ uploads: 0, chunks: 0 });
  });

  it('refuses the chunk that crosses the size limit and discards what came before', async () => {
    const file = await jpeg(900, 700);
    expect(file.length).toBeGreaterThan(MAX_BYTES);
    const { uploadId } = await service.send(beginCasePhotoUpload, { caseId }, officer);
    const chunks = chunksOf(file, CHUNK_BYTES);
    let refused: Awaited<ReturnType<typeof failure>> | undefined;
    let sent = 0;
    for (const [sequence, chunk] of chunks.entries()) {
      const outcome = await failure(
        service.send(
          appendCasePhotoChunk,
          { uploadId, sequence, data: chunk.toString('base64') },
          officer,
        ),
      );
      if (outcome.code !== 'none') {
        refused = outcome;
        break;
      }
      sent += chunk.length;
    }
    expect(sent).toBeLessThanOrEqual(MAX_BYTES);
    expect(sent + CHUNK_BYTES).toBeGreaterThan(MAX_BYTES);
    expect(refused?.details?.[0]).toMatchObject({ path: 'file', code: 'too_large' });
    expect(await storedOf(uploadId)).toEqual({ uploads: 0, chunks: 0 });
  });

  it('takes chunks in order only, and checks the count at finish', async () => {
    const file = await jpeg(300, 200);
    const [first, second] = chunksOf(file, CHUNK_BYTES);
    const { uploadId } = await service.send(beginCasePhotoUpload, { caseId }, officer);
    await service.send(
      appendCasePhotoChunk,
      { uploadId, sequence: 0, data: first!.toString('base64') },
      officer,
    );
    const skipped = await failure(
      service.send(
        appendCasePhotoChunk,
        { uploadId, sequence: 2, data: second!.toString('base64') },
        officer,
      ),
    );
    expect(skipped).toMatchObject({ code: 'CONFLICT', details: [{ path: 'sequence' }] });
    // The first chunk again (a retry) is harmless.
    const again = await service.send(
      appendCasePhotoChunk,
      { uploadId, sequence: 0, data: first!.toString('base64') },
      officer,
    );
    expect(again).toEqual({ uploadId, received: first!.length, nextSequence: 1 });
    const early = await failure(
      service.send(finishCasePhotoUpload, { uploadId, chunks: 2, size: file.length }, officer),
    );
    expect(early.code).toBe('VALIDATION_FAILED');
    expect(early.details?.map((d) => d.path)).toEqual(['chunks', 'size']);
    expect(await service.send(abortCasePhotoUpload, { uploadId }, officer)).toEqual({
      aborted: true,
    });
    expect(await storedOf(uploadId)).toEqual({ uploads: 0, chunks: 0 });
  });

  it('finds photos and X-ray images by kind, caption and the dimensions of their case', async () => {
    const xray = await upload(await jpeg(40, 30), {
      kind: 'xray',
      caption: 'Paquets dissimulés dans le pneu de secours',
    });
    const photos = (request: Parameters<typeof service.send<typeof searchCasePhotos>>[1]) =>
      service.send(searchCasePhotos, request, officer);
    const found = await eventually(
      async () => {
        const reply = await photos({ kind: 'xray', caption: 'paquet pneus' });
        if (reply.total !== 1) throw new Error(`${reply.total} X-ray images found`);
        return reply;
      },
      CASE_SEARCHABLE_WITHIN_MS,
      'the X-ray image searchable',
    );
    expect(found.items).toEqual([
      expect.objectContaining({
        caseId,
        photoId: xray.id,
        kind: 'xray',
        caption: 'Paquets dissimulés dans le pneu de secours',
        office: 'FRA-CDG',
      }),
    ]);
    // By a dimension of the case: its text, and a filter it does not match.
    expect((await photos({ caption: 'paquets', text: 'spare tyre' })).total).toBe(1);
    expect((await photos({ caption: 'paquets', office: 'FRA-LEH' })).total).toBe(0);
    expect((await photos({ caption: 'pneu', kind: 'photo' })).total).toBe(0);
    // An officer of another office finds none of them.
    expect((await service.send(searchCasePhotos, { caption: 'paquets' }, otherOfficer)).total).toBe(
      0,
    );
  });

  it("keeps photos to the case's office, like the case itself", async () => {
    expect((await failure(service.send(beginCasePhotoUpload, { caseId }, otherOfficer))).code).toBe(
      'NOT_FOUND',
    );
    expect((await failure(service.send(listCasePhotos, { caseId }, otherOfficer))).code).toBe(
      'NOT_FOUND',
    );
    const { uploadId } = await service.send(beginCasePhotoUpload, { caseId }, officer);
    const stolen = await failure(
      service.send(
        appendCasePhotoChunk,
        { uploadId, sequence: 0, data: (await jpeg(10, 10)).toString('base64') },
        otherOfficer,
      ),
    );
    expect(stolen.code).toBe('NOT_FOUND');
    await service.send(abortCasePhotoUpload, { uploadId }, officer);
  });

  it('the cleanup job discards abandoned uploads and their chunks, and only those', async () => {
    const { uploadId } = await service.send(beginCasePhotoUpload, { caseId }, officer);
    await service.send(
      appendCasePhotoChunk,
      { uploadId, sequence: 0, data: (await jpeg(50, 50)).toString('base64') },
      officer,
    );
    expect(await storedOf(uploadId)).toEqual({ uploads: 1, chunks: 1 });
    const before = (await service.send(listCasePhotos, { caseId }, officer)).items;
    const idle = settings.abandonAfterMs;
    (settings as { abandonAfterMs: number }).abandonAfterMs = 0;
    try {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const result = await service.app.get(CleanAbandonedUploads, { strict: false }).execute();
      expect(result.discarded).toBe(1);
    } finally {
      (settings as { abandonAfterMs: number }).abandonAfterMs = idle;
    }
    expect(await storedOf(uploadId)).toEqual({ uploads: 0, chunks: 0 });
    expect((await service.send(listCasePhotos, { caseId }, officer)).items).toEqual(before);
  });
});
