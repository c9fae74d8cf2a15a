import { randomBytes } from 'node:crypto';
import { CASE_SEARCHABLE_WITHIN_MS, type Case, type CaseImport } from '@opencen/contracts';
import { eventually } from '@opencen/testing';
import { type ProblemBody, api, gatewayUrl, tokenOf, uniqueCode } from './support/gateway';

// Issue 14, "Bad input": a field the API does not know is refused with a 400 naming it, at any
// depth, and nothing is stored. Through the gateway with real tokens and the real services.

const marker = `unknownfields${randomBytes(4).toString('hex')}`;
const unknown = (...paths: string[]) => paths.map((path) => ({ path, reason: 'Unknown field' }));

describe('unknown fields are refused, not dropped', () => {
  it('refuses the misspelled case draft of the issue, naming draft.itemz and draft.narative, and stores no case', async () => {
    const items = [{ commodityCategory: 'DRUGS', quantity: 12.5, unit: 'KGM' }];
    const exact = await api<ProblemBody>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: { draft: { type: 'seizure', itemz: items, narative: `Found in a spare tyre` } },
    });
    expect(exact.status).toBe(400);
    expect(exact.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(exact.body.errors).toEqual(unknown('draft.itemz', 'draft.narative'));

    // The same mistakes in a draft that would be found by the marker, had it been stored.
    const marked = await api<ProblemBody>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: {
          type: 'seizure',
          location: { placeType: `${marker} gate` },
          itemz: items,
          narative: `${marker} found in a spare tyre`,
          items: [{ description: `${marker} bags`, quantity: 1, unit: 'KGM', colour: 'white' }],
        },
      },
    });
    expect(marked.status).toBe(400);
    expect(marked.body.errors).toEqual(
      unknown('draft.items.0.colour', 'draft.itemz', 'draft.narative'),
    );

    // A case spelled right, with the same marker: once it is searchable, it is the only one.
    const control = await api<Case>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: {
          type: 'seizure',
          location: { placeType: `${marker} gate` },
          items,
          narrative: `${marker} found in a spare tyre`,
        },
      },
    });
    expect(control.status).toBe(201);
    expect(control.body.items).toHaveLength(1);
    await eventually(
      async () => {
        const found = await api<{ items: { id: string }[]; total: number }>(
          `/api/v1/cases?${new URLSearchParams({ text: marker })}`,
          { as: 'officer' },
        );
        expect(found.status).toBe(200);
        if (found.body.total === 0) throw new Error('the control case is not searchable yet');
        expect(found.body.items.map(({ id }) => id)).toEqual([control.body.id]);
      },
      CASE_SEARCHABLE_WITHIN_MS,
      'the control case searchable',
    );
  });

  it('refuses an unknown query parameter, naming it', async () => {
    const reply = await api<ProblemBody>(
      `/api/v1/cases?${new URLSearchParams({ text: marker, colour: 'white' })}`,
      { as: 'officer' },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([{ path: 'colour', reason: 'Unknown query parameter' }]);
  });

  it('refuses an unknown field of a reference entry’s labels, and creates no entry', async () => {
    const code = uniqueCode();
    const reply = await api<ProblemBody>('/api/v1/reference/offence-types', {
      method: 'POST',
      as: 'admin',
      body: { code, labels: { en: 'Undeclared cash', de: 'Nicht angemeldetes Bargeld' } },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual(unknown('labels.de'));
    expect((await api(`/api/v1/reference/offence-types/${code}`, { as: 'officer' })).status).toBe(
      404,
    );
  });

  describe('the import', () => {
    const header = 'reference,type,commodityCategory,quantity,unit';
    const row = `E2E-${marker},seizure,DRUGS,1,KGM`;

    async function upload(dryRun: boolean, csv: string, extra: [string, string][] = []) {
      const form = new FormData();
      form.append('dryRun', String(dryRun));
      for (const [name, value] of extra) form.append(name, value);
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'seizures.csv');
      const response = await fetch(`${gatewayUrl()}/api/v1/cases/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokenOf('officer')}` },
        body: form,
      });
      return { status: response.status, body: (await response.json()) as unknown };
    }

    it.each([true, false])(
      'refuses a file with an unknown column, naming each, before any row (dryRun %s)',
      async (dryRun) => {
        const { status, body } = await upload(
          dryRun,
          `${header},colour,quantitiy\n${row},white,2\n`,
        );
        expect(status).toBe(400);
        expect((body as ProblemBody).errors).toEqual([
          { path: 'file', reason: 'Unknown column "colour"' },
          { path: 'file', reason: 'Unknown column "quantitiy"' },
        ]);
      },
    );

    it('refuses an unknown form field, naming it', async () => {
      const { status, body } = await upload(true, `${header}\n${row}\n`, [['dry_run', 'true']]);
      expect(status).toBe(400);
      expect((body as ProblemBody).errors).toEqual(unknown('dry_run'));
    });

    it('checks the same file with known columns only (the refusals were the columns)', async () => {
      const { status, body } = await upload(true, `${header}\n${row}\n`);
      expect(status).toBe(200);
      expect(body as CaseImport).toMatchObject({ dryRun: true, cases: 1 });
    });
  });
});
