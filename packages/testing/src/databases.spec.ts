import { assertTestDatabase, testDatabaseName } from './databases';

describe('test databases', () => {
  it('are named after the test file, unique per run, and valid for MongoDB', () => {
    const first = testDatabaseName('/repo/apps/cases/test/submit-case.int-spec.ts');
    const second = testDatabaseName('/repo/apps/cases/test/submit-case.int-spec.ts');
    expect(first).toMatch(/^test_submit_case_[0-9a-f]{6}$/);
    expect(second).not.toBe(first);
    expect(first.length).toBeLessThanOrEqual(63);
  });

  it('refuse a database that does not say it is for tests', () => {
    expect(() => assertTestDatabase('cases')).toThrow(/Refusing to use database "cases"/);
    expect(() => assertTestDatabase('test_cases_abc123')).not.toThrow();
  });
});
