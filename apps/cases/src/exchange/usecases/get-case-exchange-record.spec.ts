import { type Principal } from '@opencen/contracts';

import { InMemoryCases } from '../../cases/testing/case-ports.fakes';
import { aCase } from '../../cases/testing/cases.fixtures';
import { GetCaseExchangeRecord } from './get-case-exchange-record';
import { type SubjectFactsSource } from './ports';

const facts = {
  person: jest.fn(async () => ({
    gender: 'male' as const,
    dateOfBirth: '1990-02-03',
    nationalities: ['CO'],
  })),
  company: jest.fn(async () => ({ country: 'NL' })),
  conveyance: jest.fn(async () => null),
} satisfies SubjectFactsSource;

const service = { correlationId: 'c-1' };
const user: Principal = { sub: 'u-1', username: 'liaison', roles: ['liaison'] };

describe('GetCaseExchangeRecord', () => {
  const validated = aCase({
    id: 'k-1',
    status: 'validated',
    detectedAt: '2026-03-01T10:00:00.000Z',
    parties: [{ subjectType: 'person', subjectId: 'p-1', role: 'offender', arrested: true }],
  });
  const usecase = new GetCaseExchangeRecord(
    new InMemoryCases([
      validated,
      aCase({ id: 'k-draft', status: 'draft' }),
      aCase({ id: 'k-secret', status: 'validated', classification: 'secret' }),
    ]),
    facts,
  );

  it('answers a service the record of a validated case, as an export builds it: no nominal field', async () => {
    const record = await usecase.execute({ caseId: 'k-1', context: service });
    expect(record.caseNumber).toBe(validated.number);
    expect(record.persons).toEqual([
      { role: 'offender', arrested: true, nationality: 'CO', gender: 'male', ageBand: '35-44' },
    ]);
    const text = JSON.stringify(record);
    expect(text).not.toContain('p-1');
    expect(text).not.toContain('false bottom');
    expect(Object.keys(record)).not.toContain('narrative');
  });

  it('refuses a user, and does not find a draft or a case above restricted', async () => {
    await expect(
      usecase.execute({ caseId: 'k-1', context: { ...service, principal: user } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    for (const caseId of ['k-draft', 'k-secret', 'nope']) {
      await expect(usecase.execute({ caseId, context: service })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
  });
});
