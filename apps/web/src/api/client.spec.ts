import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from './client';
import { ApiProblem } from './problem';

afterEach(() => vi.unstubAllGlobals());

/** Stubs fetch with one answer and keeps what was asked. */
function answer(status: number, body: unknown, type = 'application/json') {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: URL, init: RequestInit) => {
      calls.push({ url: String(url), init });
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
    }),
  );
  return calls;
}

describe('ApiClient', () => {
  it("sends the bearer token, the user's language and the version as If-Match", async () => {
    const calls = answer(200, { id: 'case-1' });
    const api = new ApiClient(
      () => 'the-token',
      () => 'ar',
    );
    await api.transition('reject', { id: 'case-1', version: 4, reason: 'Incomplete' });
    const { url, init } = calls[0]!;
    expect(url).toBe(`${window.location.origin}/api/v1/cases/case-1/reject`);
    const headers = new Headers(init.headers);
    expect(headers.get('authorization')).toBe('Bearer the-token');
    expect(headers.get('accept-language')).toBe('ar');
    expect(headers.get('if-match')).toBe('"4"');
    expect(JSON.parse(String(init.body))).toEqual({ reason: 'Incomplete' });
  });

  it('sends a new case with its Idempotency-Key', async () => {
    const calls = answer(201, { id: 'case-1' });
    await new ApiClient(
      () => 't',
      () => 'en',
    ).createCase({ draft: { type: 'seizure' } }, 'key-1');
    const headers = new Headers(calls[0]!.init.headers);
    expect(calls[0]!.init.method).toBe('POST');
    expect(headers.get('idempotency-key')).toBe('key-1');
  });

  it('uploads a case photo as multipart, its kind and caption before the file', async () => {
    const calls = answer(201, { id: 'photo-1' });
    const file = new File(['x'], 'bag.png', { type: 'image/png' });
    await new ApiClient(
      () => 't',
      () => 'en',
    ).uploadCasePhoto('case 1', file, 'xray', 'Scan');
    expect(calls[0]!.url).toBe(`${window.location.origin}/api/v1/cases/case%201/photos`);
    const form = calls[0]!.init.body as FormData;
    expect([...form.keys()]).toEqual(['kind', 'caption', 'file']);
    expect(form.get('kind')).toBe('xray');
    expect((form.get('file') as File).name).toBe('bag.png');
  });

  it('puts a search in the query string, leaving out what is not set', async () => {
    const calls = answer(200, { items: [], total: 0 });
    await new ApiClient(
      () => 't',
      () => 'en',
    ).searchCases({ status: 'validated', facets: true, text: undefined });
    expect(calls[0]!.url).toBe(
      `${window.location.origin}/api/v1/cases?status=validated&facets=true`,
    );
  });

  it('throws a problem document as an ApiProblem with its field errors', async () => {
    answer(
      400,
      {
        type: 'urn:opencen:problem:validation-failed',
        title: 'The request is not valid',
        status: 400,
        detail: 'The case lacks the mandatory minimum',
        errors: [{ path: 'draft.items.0.unit', reason: 'the unit is required' }],
        code: 'VALIDATION_FAILED',
        correlationId: 'c-1',
      },
      'application/problem+json',
    );
    const failure = await new ApiClient(
      () => 't',
      () => 'en',
    )
      .transition('submit', { id: 'case-1', version: 1 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiProblem);
    expect((failure as ApiProblem).fieldErrors('draft.')).toEqual({
      'items.0.unit': 'the unit is required',
    });
    expect((failure as ApiProblem).correlationId).toBe('c-1');
  });
});
