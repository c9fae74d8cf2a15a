import { DomainRefusal } from '@opencen/contracts';
import { toServiceError } from '@opencen/nest-kit';

import { FakeReferenceCodes, FakeSubjectDirectory } from '../testing/case-ports.fakes';
import { aCompleteDraft } from '../testing/cases.fixtures';
import { assertKnownCodes, normaliseDraft, resolveSubjects } from './case-checks';

describe('case checks', () => {
  it('leave domain refusals to the kit, which answers each as its error envelope', () => {
    // No wrapper in the use cases: the request handler turns whatever is thrown with toServiceError.
    const problem = { path: 'status', reason: 'closed', code: 'closed' };
    expect(toServiceError(DomainRefusal.forbidden('no'))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'no',
    });
    expect(toServiceError(DomainRefusal.conflict('closed', [problem]))).toMatchObject({
      code: 'CONFLICT',
      details: [problem],
    });
    expect(toServiceError(DomainRefusal.validation('bad', [problem]))).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [problem],
    });
    expect(toServiceError(new TypeError('bug'))).toMatchObject({ code: 'INTERNAL' });
  });

  it('ask about each list once, with every code of the draft, and name each bad field', async () => {
    const reference = new FakeReferenceCodes(['XX', 'KGX', 'BAD']);
    const draft = aCompleteDraft({
      route: { departureCountry: 'XX', transitCountries: ['XX'], destinationCountry: 'FR' },
      outcome: { fines: [{ kind: 'fine', amount: 10, currency: 'BAD' }] },
    });
    draft.items[0]!.unit = 'KGX';
    const error = await assertKnownCodes(draft, reference).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((error as { details: { path: string }[] }).details.map((d) => d.path)).toEqual([
      'draft.items.0.unit',
      'draft.route.departureCountry',
      'draft.route.transitCountries.0',
      'draft.outcome.fines.0.currency',
    ]);
    const lists = reference.asked.map((a) => a.list);
    expect(new Set(lists).size).toBe(lists.length);
    // Each code once, however many fields name it.
    expect(reference.asked.find((a) => a.list === 'countries')?.codes.sort()).toEqual(['FR', 'XX']);
    expect(reference.asked.find((a) => a.list === 'hs-codes')?.codes).toEqual(['293979']);
  });

  it('replace merged persons by their survivors and name unknown subjects', async () => {
    const directory = new FakeSubjectDirectory(['aircraft-1', 's-1'], { 'person-1': 's-1' });
    const resolved = await resolveSubjects(aCompleteDraft(), directory);
    expect(resolved.parties.map((p) => p.subjectId)).toEqual(['s-1']);
    await expect(
      resolveSubjects(aCompleteDraft({ conveyance: { conveyanceId: 'ghost' } }), directory),
    ).rejects.toMatchObject({
      details: [expect.objectContaining({ path: 'draft.conveyance.conveyanceId' })],
    });
  });

  it('store the detection time in UTC', () => {
    expect(normaliseDraft(aCompleteDraft()).detectedAt).toBe('2026-03-14T08:30:00.000Z');
  });
});
