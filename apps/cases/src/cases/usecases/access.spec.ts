import { type Principal } from '@opencen/contracts';

import { InMemoryCases, contextOf } from '../testing/case-ports.fakes';
import { aCase, analyst, officer, otherOfficer } from '../testing/cases.fixtures';
import { readableCase } from './access';
import { GetCase } from './get-case';

describe('access', () => {
  const cases = new InMemoryCases([aCase()]);

  it('needs an authenticated principal holding a role that reads cases', async () => {
    const get = (principal?: Principal) =>
      new GetCase(cases).execute({ id: 'case-1', context: contextOf(principal) });
    await expect(get(officer)).resolves.toMatchObject({ id: 'case-1' });
    await expect(get()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(
      get({ sub: 'admin-sub', username: 'admin', roles: ['admin'] }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('finds a readable case by id or number', async () => {
    await expect(readableCase(cases, officer, 'case-1')).resolves.toMatchObject({ id: 'case-1' });
    await expect(readableCase(cases, analyst, 'FRACDG-2026-000001')).resolves.toMatchObject({
      id: 'case-1',
    });
  });

  it('answers an unreadable case exactly as a missing one, naming what was asked', async () => {
    const hidden = await readableCase(cases, otherOfficer, 'case-1').catch((e: unknown) => e);
    const missing = await readableCase(cases, otherOfficer, 'case-2').catch((e: unknown) => e);
    expect(hidden).toMatchObject({ code: 'NOT_FOUND', message: 'No case case-1' });
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: 'No case case-2' });
  });
});
