import { type Role } from '@opencen/contracts';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OFFICER, fakeApi, renderScreen } from '../testing/render';
import { Shell } from '../shell/Shell';

/** The shell's links to the exchange, administration and audit screens a role is offered. */
function offered(roles: Role[]) {
  const api = fakeApi({ countUnreadNotifications: async () => ({ unread: 0 }) });
  renderScreen(<Shell />, { session: { ...OFFICER, roles }, api });
  return ['Exchange', 'Code lists', 'Users', 'Audit'].filter((name) =>
    screen.queryByRole('link', { name }),
  );
}

describe('Exchange, administration and audit in the navigation', () => {
  it.each<[Role[], string[]]>([
    [['officer'], ['Exchange']],
    [['liaison'], ['Exchange']],
    [['analyst'], []],
    [['supervisor'], ['Exchange', 'Users']],
    [['admin'], ['Code lists', 'Users']],
    [['auditor'], ['Audit']],
  ])('offers %j %j, as ROLE_POLICIES allows', (roles, links) => {
    expect(offered(roles)).toEqual(links);
  });
});
