import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../api/client';

afterEach(() => vi.unstubAllGlobals());

/** Stubs fetch with one answer and keeps what was asked. */
function answer(response: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: URL, init: RequestInit) => {
      calls.push({ url: String(url), init });
      return response();
    }),
  );
  return calls;
}

const api = () =>
  new ApiClient(
    () => 'the-token',
    () => 'fr',
  );

describe('ApiClient exchange calls', () => {
  it('exports with the token and the purpose, and reads the streamed file as a blob', async () => {
    const calls = answer(
      () =>
        new Response('caseNumber,type\nFRA-CDG-2026-1,seizure\n', {
          status: 200,
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': 'attachment; filename="cases-export-exp-9.csv"',
            'content-location': '/api/v1/cases/exports/exp-9',
          },
        }),
    );
    const started = await api().exportCases(
      { format: 'csv', filter: { routeCountry: 'BR' } },
      'Accord FR-BR n° 4',
    );
    const { url, init } = calls[0]!;
    expect(url).toBe(`${window.location.origin}/api/v1/cases/exports`);
    expect(init.method).toBe('POST');
    const headers = new Headers(init.headers);
    expect(headers.get('authorization')).toBe('Bearer the-token');
    expect(headers.get('opencen-purpose')).toBe(encodeURIComponent('Accord FR-BR n° 4'));
    expect(JSON.parse(String(init.body))).toEqual({
      format: 'csv',
      filter: { routeCountry: 'BR' },
    });
    expect(started.exportId).toBe('exp-9');
    expect(started.fileName).toBe('cases-export-exp-9.csv');
    const file = await started.file();
    expect(await file.text()).toContain('FRA-CDG-2026-1');
  });

  it('sends an import as multipart, dryRun before the file', async () => {
    const calls = answer(
      () =>
        new Response(JSON.stringify({ id: 'import-1' }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const file = new File(['reference\nA-1\n'], 'seizures.csv', { type: 'text/csv' });
    await api().importCases(file, true);
    const { url, init } = calls[0]!;
    expect(url).toBe(`${window.location.origin}/api/v1/cases/imports`);
    const form = init.body as FormData;
    expect([...form.keys()]).toEqual(['dryRun', 'file']);
    expect(form.get('dryRun')).toBe('true');
    expect((form.get('file') as File).name).toBe('seizures.csv');
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer the-token');
  });
});
