import { createHash } from 'node:crypto';
import { type Case, type CasePhoto } from '@opencen/contracts';
import { type ProblemBody, api, gatewayUrl, tokenOf } from './support/gateway';

/** A real 40×30 JPEG (made with sharp), small enough to keep here. */
const JPEG = Buffer.from(
  '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAeACgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFgEBAQEAAAAAAAAAAAAAAAAAAAYH/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQACEQMRAD8AgAE82EAAAAAAAAAB/9k=',
  'base64',
);
/** The default limit of the cases service (PHOTO_MAX_BYTES). */
const LIMIT = 10 * 1024 * 1024;

async function upload(
  caseId: string,
  file: Buffer,
  type: string,
  fields: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([file], { type }), 'evidence');
  const response = await fetch(`${gatewayUrl()}/api/v1/cases/${caseId}/photos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenOf('officer')}` },
    body: form,
  });
  const text = await response.text();
  const json = /json/.test(response.headers.get('content-type') ?? '');
  return {
    status: response.status,
    headers: response.headers,
    body: json ? JSON.parse(text) : text,
  };
}

describe('photos of cases through the gateway', () => {
  let kase: Case;

  beforeAll(async () => {
    const reply = await api<Case>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: { draft: { type: 'seizure', narrative: 'Cigarettes in a spare tyre' } },
    });
    expect(reply.status).toBe(201);
    kase = reply.body;
  });

  const photos = async () =>
    (await api<{ items: CasePhoto[] }>(`/api/v1/cases/${kase.id}/photos`, { as: 'officer' })).body
      .items;

  it('refuses a file that is not an image, naming the field, and keeps nothing', async () => {
    const pdf = await upload(kase.id, Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 'application/pdf');
    expect(pdf.status).toBe(400);
    expect((pdf.body as ProblemBody).errors.map((e) => e.path)).toEqual(['file']);
    // An image type declared for bytes that are none: refused from the content itself.
    const disguised = await upload(kase.id, Buffer.from('GIF89a, not what it says'), 'image/jpeg');
    expect(disguised.status).toBe(400);
    expect((disguised.body as ProblemBody).errors.map((e) => e.path)).toEqual(['file']);
    expect(await photos()).toEqual([]);
  });

  it('refuses a file over the limit with 413 and keeps nothing', async () => {
    const big = Buffer.concat([JPEG.subarray(0, 20), Buffer.alloc(LIMIT + 1024)]);
    const reply = await upload(kase.id, big, 'image/jpeg');
    expect(reply.status).toBe(413);
    expect(await photos()).toEqual([]);
  });

  it('stores a good JPEG, lists it with its thumbnail and gives back the same bytes', async () => {
    const reply = await upload(kase.id, JPEG, 'image/jpeg', { kind: 'photo', caption: 'Tyre' });
    expect(reply.status).toBe(201);
    const photo = reply.body as CasePhoto;
    expect(reply.headers.get('location')).toBe(`/api/v1/cases/${kase.id}/photos/${photo.id}`);
    expect(photo).toMatchObject({
      caseId: kase.id,
      kind: 'photo',
      caption: 'Tyre',
      contentType: 'image/jpeg',
      size: JPEG.length,
      sha256: createHash('sha256').update(JPEG).digest('hex'),
      thumbnail: { contentType: 'image/jpeg', width: 40, height: 30 },
    });
    expect(await photos()).toEqual([photo]);

    const token = await tokenOf('officer');
    const download = await fetch(`${gatewayUrl()}/api/v1/cases/${kase.id}/photos/${photo.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await download.arrayBuffer()).equals(JPEG)).toBe(true);

    const thumbnail = await fetch(
      `${gatewayUrl()}/api/v1/cases/${kase.id}/photos/${photo.id}/thumbnail`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(thumbnail.status).toBe(200);
    const bytes = Buffer.from(await thumbnail.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(bytes.length).toBe(photo.thumbnail.size);
  });
});
