import { type NestExpressApplication } from '@nestjs/platform-express';
import { ServiceError } from '@opencen/nest-kit';
import { gatewayOpenApiDocument } from '../gateway';
import { StubNats, startStubbedGateway } from '../testing/gateway-harness';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(21, 7)]);
const photo = {
  id: 'p1',
  caseId: 'c1',
  kind: 'photo',
  contentType: 'image/jpeg',
  size: JPEG.length,
  sha256: 'a'.repeat(64),
  uploadedBy: 'sub-officer',
  uploadedAt: '2026-03-14T09:30:00.000Z',
  thumbnail: { contentType: 'image/jpeg', width: 10, height: 10, size: 100 },
};

describe('gateway: photos of cases', () => {
  let app: NestExpressApplication;
  let call: Awaited<ReturnType<typeof startStubbedGateway>>['call'];
  let base: string;
  const nats = new StubNats(async () => ({}));

  beforeAll(async () => {
    ({ app, call } = await startStubbedGateway(nats));
    base = await app.getUrl();
  });
  afterAll(async () => app.close());
  beforeEach(() => {
    nats.sent = [];
  });

  function post(form: FormData, as = 'officer'): Promise<Response> {
    return fetch(`${base}/api/v1/cases/c1/photos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${as}-token` },
      body: form,
    });
  }

  function jpegForm(file: Buffer, type = 'image/jpeg'): FormData {
    const form = new FormData();
    form.append('kind', 'xray');
    form.append('caption', 'Spare tyre');
    form.append('file', new Blob([file], { type }), 'x.jpg');
    return form;
  }

  it('streams the file part to the cases service in chunks and answers 201 with Location', async () => {
    nats.reply = async (subject, payload) => {
      if (subject === 'cases.photo.begin') return { uploadId: 'p1', chunkBytes: 10, maxBytes: 100 };
      if (subject === 'cases.photo.append') {
        return { uploadId: 'p1', received: 0, nextSequence: (payload.sequence as number) + 1 };
      }
      if (subject === 'cases.photo.finish') return photo;
      throw new Error(`unexpected ${subject}`);
    };
    const response = await post(jpegForm(JPEG));
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/api/v1/cases/c1/photos/p1');
    expect(await response.json()).toMatchObject({ id: 'p1' });
    expect(nats.sent.map((s) => s.subject)).toEqual([
      'cases.photo.begin',
      'cases.photo.append',
      'cases.photo.append',
      'cases.photo.append',
      'cases.photo.finish',
    ]);
    expect(nats.sent[0]!.payload).toEqual({
      caseId: 'c1',
      kind: 'xray',
      caption: 'Spare tyre',
      declaredType: 'image/jpeg',
    });
    const appends = nats.sent.filter((s) => s.subject === 'cases.photo.append');
    expect(appends.map((s) => s.payload.sequence)).toEqual([0, 1, 2]);
    const sent = Buffer.concat(appends.map((s) => Buffer.from(s.payload.data as string, 'base64')));
    expect(sent.equals(JPEG)).toBe(true);
    expect(nats.sent[4]!.payload).toEqual({ uploadId: 'p1', chunks: 3, size: JPEG.length });
  });

  it('refuses a file over the limit with 413 as it crosses it, and aborts the upload', async () => {
    nats.reply = async (subject, payload) => {
      if (subject === 'cases.photo.begin') return { uploadId: 'p2', chunkBytes: 10, maxBytes: 20 };
      if (subject === 'cases.photo.append') {
        return { uploadId: 'p2', received: 0, nextSequence: (payload.sequence as number) + 1 };
      }
      if (subject === 'cases.photo.abort') return { aborted: true };
      throw new Error(`unexpected ${subject}`);
    };
    const response = await post(jpegForm(Buffer.concat([JPEG, Buffer.alloc(200_000)])));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const subjects = nats.sent.map((s) => s.subject);
    expect(subjects).not.toContain('cases.photo.finish');
    expect(subjects.at(-1)).toBe('cases.photo.abort');
  });

  it("passes the service's refusal of the file on as a 400 naming the field", async () => {
    nats.reply = async (subject) => {
      if (subject === 'cases.photo.begin') return { uploadId: 'p3', chunkBytes: 10, maxBytes: 100 };
      if (subject === 'cases.photo.append') {
        throw ServiceError.validation('The file is refused', [
          { path: 'file', reason: 'not a JPEG, PNG or TIFF image' },
        ]);
      }
      return { aborted: false };
    };
    const response = await post(jpegForm(Buffer.from('%PDF-1.7 not an image'), 'application/pdf'));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: unknown }).errors).toEqual([
      { path: 'file', reason: 'not a JPEG, PNG or TIFF image' },
    ]);
  });

  it('refuses a body that is not multipart (415), a form without a file (400) and analysts (403)', async () => {
    nats.reply = async () => ({ uploadId: 'p4', chunkBytes: 10, maxBytes: 100 });
    expect(
      (await call('/api/v1/cases/c1/photos', { method: 'POST', as: 'officer', body: {} })).status,
    ).toBe(415);
    const empty = new FormData();
    empty.append('caption', 'no file');
    const noFile = await post(empty);
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('file');
    expect((await post(jpegForm(JPEG), 'analyst')).status).toBe(403);
  });

  it('refuses an unknown field before the file (400 naming it) and sends nothing', async () => {
    nats.reply = async () => ({ uploadId: 'p5', chunkBytes: 10, maxBytes: 100 });
    const form = new FormData();
    form.append('kind', 'xray');
    form.append('captoin', 'Spare tyre');
    form.append('file', new Blob([JPEG], { type: 'image/jpeg' }), 'x.jpg');
    const response = await post(form);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { errors: unknown }).errors).toEqual([
      { path: 'captoin', reason: 'Unknown field' },
    ]);
    expect(nats.sent).toEqual([]);
  });

  it('aborts instead of finishing when an unknown field or a second file follows the file', async () => {
    nats.reply = async (subject, payload) => {
      if (subject === 'cases.photo.begin') return { uploadId: 'p6', chunkBytes: 10, maxBytes: 100 };
      if (subject === 'cases.photo.append') {
        return { uploadId: 'p6', received: 0, nextSequence: (payload.sequence as number) + 1 };
      }
      if (subject === 'cases.photo.abort') return { aborted: true };
      throw new Error(`unexpected ${subject}`);
    };
    const form = jpegForm(JPEG);
    form.append('note', 'after the file');
    form.append('thumbnail', new Blob([JPEG], { type: 'image/jpeg' }), 'y.jpg');
    const response = await post(form);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: unknown }).errors).toEqual([
      { path: 'note', reason: 'Unknown field' },
      { path: 'file', reason: 'Send one file only' },
    ]);
    const subjects = nats.sent.map((s) => s.subject);
    expect(subjects).not.toContain('cases.photo.finish');
    expect(subjects.at(-1)).toBe('cases.photo.abort');
  });

  it('downloads chunk by chunk with the type, length and digest', async () => {
    nats.reply = async (subject, payload) => {
      if (subject === 'cases.photo.get') return { ...photo, chunks: 2 };
      if (subject === 'cases.photo.read') {
        const part = payload.sequence === 0 ? JPEG.subarray(0, 10) : JPEG.subarray(10);
        return { sequence: payload.sequence, data: part.toString('base64') };
      }
      throw new Error(`unexpected ${subject}`);
    };
    const response = await call('/api/v1/cases/c1/photos/p1', { as: 'analyst' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('etag')).toBe(`"${photo.sha256}"`);
    expect(Buffer.from(await response.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it('documents the multipart upload and the binary downloads', () => {
    const document = gatewayOpenApiDocument();
    const upload = document.paths['/api/v1/cases/{caseId}/photos']!.post as {
      requestBody: { content: Record<string, unknown> };
      responses: Record<string, unknown>;
    };
    expect(Object.keys(upload.requestBody.content)).toEqual(['multipart/form-data']);
    expect(Object.keys(upload.responses)).toEqual(
      expect.arrayContaining(['201', '400', '413', '415']),
    );
    expect(document.paths['/api/v1/cases/{caseId}/photos']!.get).toBeDefined();
    const download = document.paths['/api/v1/cases/{caseId}/photos/{photoId}']!.get as unknown as {
      responses: { '200': { content: Record<string, { schema: unknown }> } };
    };
    expect(download.responses['200'].content['image/png']!.schema).toEqual({
      type: 'string',
      format: 'binary',
    });
    expect(document.components.schemas.CasePhoto).toBeDefined();
  });
});
