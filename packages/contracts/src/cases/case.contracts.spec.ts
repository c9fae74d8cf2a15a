import { buildEvent } from '../events';
import { parseRequest } from '../requests';
import { caseSubjectsLinked } from './case-subjects.contracts';
import { caseCreated, caseDraftSchema, caseNumberSchema, createCase } from './case.contracts';
import { caseAssigned, rejectCase } from './case-workflow.contracts';

describe('case contracts', () => {
  it('accept an incomplete draft with defaults filled in', () => {
    const request = parseRequest(createCase, { draft: { type: 'seizure' } });
    expect(request.draft).toMatchObject({
      type: 'seizure',
      items: [],
      parties: [],
      detectionMethods: [],
      route: { transitCountries: [] },
      classification: 'restricted',
    });
  });

  it('name the faulty fields of a bad draft', () => {
    const result = caseDraftSchema.safeParse({
      type: 'smuggling',
      items: [{ hsCode: '12345', quantity: -1 }],
      route: { transitCountries: ['fr'] },
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.')).sort();
    expect(paths).toEqual([
      'items.0.hsCode',
      'items.0.quantity',
      'route.transitCountries.0',
      'type',
    ]);
  });

  it('require a reason to reject', () => {
    expect(() => parseRequest(rejectCase, { id: 'c', version: 1 })).toThrow(/reason/);
  });

  it('read case numbers as office-year-sequence', () => {
    expect(caseNumberSchema.safeParse('FRACDG-2026-000042').success).toBe(true);
    expect(caseNumberSchema.safeParse('FRA-CDG-2026-42').success).toBe(false);
  });

  it('carry the subjects in the form of the subjects-linked event', () => {
    const subjects = [
      { subjectType: 'person', subjectId: 'p-1', role: 'offender' },
      { subjectType: 'conveyance', subjectId: 'v-1', role: 'other' },
    ] as const;
    const data = {
      caseId: 'c-1',
      number: 'FRACDG-2026-000001',
      office: 'FRA-CDG',
      type: 'seizure',
      status: 'draft',
      version: 1,
      classification: 'restricted',
      subjects: subjects.map((s) => ({ ...s })),
    } as const;
    const common = { subject: 'c-1', correlationId: 'corr', actor: 'sub' };
    expect(buildEvent(caseCreated, { ...common, data }).data.subjects).toEqual(subjects);
    expect(
      buildEvent(caseSubjectsLinked, {
        ...common,
        data: {
          caseId: 'c-1',
          office: 'FRA-CDG',
          recordedAt: '2026-01-01T00:00:00Z',
          subjects: [...subjects],
        },
      }).type,
    ).toBe('cases.case.subjects-linked.v1');
    expect(() =>
      buildEvent(caseAssigned, { ...common, data: { ...data, from: 'draft' } as never }),
    ).toThrow(/investigators/);
  });
});
