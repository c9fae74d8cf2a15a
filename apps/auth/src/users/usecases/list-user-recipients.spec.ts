import { contextOf, officer, refusal, usersWorld } from '../testing/users.fixtures';
import { ListUserRecipients, recipientLanguage } from './list-user-recipients';

function setup() {
  const world = usersWorld();
  world.keycloak.add({
    id: 'sup-1',
    office: 'FRA-CDG',
    roles: ['supervisor'],
    locale: 'fr',
    email: 'sup-1@douane.example',
  });
  world.keycloak.add({ id: 'sup-2', office: 'FRA-CDG', roles: ['supervisor', 'officer'] });
  world.keycloak.add({ id: 'sup-off', office: 'FRA-CDG', roles: ['supervisor'], enabled: false });
  world.keycloak.add({ id: 'sup-ory', office: 'FRA-ORY', roles: ['supervisor'] });
  world.keycloak.add({ id: 'off-1', office: 'FRA-CDG', roles: ['officer'], locale: 'pt-BR' });
  world.keycloak.add({ id: 'service-account-x', serviceAccount: true, roles: ['supervisor'] });
  return new ListUserRecipients(world.keycloak);
}

describe('ListUserRecipients', () => {
  it("answers the enabled users of an office with a role, and each one's language and e-mail address", async () => {
    const recipients = setup();
    const reply = await recipients.execute({
      office: 'FRA-CDG',
      role: 'supervisor',
      context: contextOf(),
    });
    expect(reply.items).toEqual([
      { id: 'sup-1', office: 'FRA-CDG', locale: 'fr', email: 'sup-1@douane.example' },
      { id: 'sup-2', office: 'FRA-CDG', locale: 'en' },
    ]);
  });

  it('answers the users named that exist, without service accounts', async () => {
    const recipients = setup();
    const reply = await recipients.execute({
      users: ['off-1', 'nobody', 'service-account-x'],
      context: contextOf(),
    });
    expect(reply.items).toEqual([{ id: 'off-1', office: 'FRA-CDG', locale: 'pt' }]);
  });

  it("refuses a user's request: the answer is not narrowed to what they may see", async () => {
    const recipients = setup();
    expect(
      await refusal(
        recipients.execute({ office: 'FRA-CDG', role: 'supervisor', context: contextOf(officer) }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('reads a locale as one of the six languages, English otherwise', () => {
    expect(recipientLanguage('ar')).toBe('ar');
    expect(recipientLanguage('RU_ru')).toBe('ru');
    expect(recipientLanguage('de')).toBe('en');
    expect(recipientLanguage(undefined)).toBe('en');
  });
});
