'use strict';
// The realm file is imported by Keycloak at every local start; these checks catch edits that would
// break the contract services rely on (roles, clients, the office claim, the audience, demo users).

const fs = require('node:fs');
const path = require('node:path');

const realm = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'keycloak', 'opencen-realm.json'), 'utf8'),
);
const client = (id) => realm.clients.find((c) => c.clientId === id);
const ROLES = [
  'officer',
  'supervisor',
  'investigator',
  'analyst',
  'liaison',
  'admin',
  'integration',
  'auditor',
];

describe('opencen realm', () => {
  it('is the enabled realm "opencen" with the seven realm roles', () => {
    expect(realm.realm).toBe('opencen');
    expect(realm.enabled).toBe(true);
    expect(realm.roles.realm.map((r) => r.name).sort()).toEqual([...ROLES].sort());
  });

  it('has a bearer-only confidential gateway client with no flows', () => {
    expect(client('opencen-gateway')).toMatchObject({
      bearerOnly: true,
      publicClient: false,
      standardFlowEnabled: false,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
    });
  });

  it('has a public web client: code flow with PKCE S256, local redirects only', () => {
    const web = client('opencen-web');
    expect(web).toMatchObject({
      publicClient: true,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });
    expect(web.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(web.redirectUris.sort()).toEqual(['http://127.0.0.1:3000/*', 'http://localhost:3000/*']);
  });

  it('has a public CLI client with direct access grants', () => {
    expect(client('opencen-cli')).toMatchObject({
      publicClient: true,
      directAccessGrantsEnabled: true,
      standardFlowEnabled: false,
    });
  });

  it.each(['opencen-web', 'opencen-cli'])(
    '%s maps the office and clearance attributes and the gateway audience into access tokens',
    (id) => {
      const mappers = client(id).protocolMappers;
      for (const attribute of ['office', 'clearance']) {
        const mapper = mappers.find((m) => m.config['user.attribute'] === attribute);
        expect(mapper).toMatchObject({
          protocolMapper: 'oidc-usermodel-attribute-mapper',
          config: { 'claim.name': attribute, 'access.token.claim': 'true' },
        });
      }
      const audience = mappers.find((m) => m.protocolMapper === 'oidc-audience-mapper');
      expect(audience.config).toMatchObject({
        'included.client.audience': 'opencen-gateway',
        'access.token.claim': 'true',
      });
    },
  );

  it('declares office in the user profile (unmanaged attributes are off), editable by admins only', () => {
    const [component] = realm.components['org.keycloak.userprofile.UserProfileProvider'];
    const profile = JSON.parse(component.config['kc.user.profile.config'][0]);
    expect(profile.unmanagedAttributePolicy).toBeUndefined();
    const office = profile.attributes.find((a) => a.name === 'office');
    expect(office.permissions).toEqual({ view: ['admin', 'user'], edit: ['admin'] });
  });

  it('declares clearance in the user profile: one of the classifications, editable by admins only', () => {
    const [component] = realm.components['org.keycloak.userprofile.UserProfileProvider'];
    const profile = JSON.parse(component.config['kc.user.profile.config'][0]);
    const clearance = profile.attributes.find((a) => a.name === 'clearance');
    expect(clearance.permissions).toEqual({ view: ['admin', 'user'], edit: ['admin'] });
    expect(clearance.validations.options.options).toEqual(['restricted', 'confidential', 'secret']);
  });

  it('has complete demo users, one per role, with password opencen and an office', () => {
    // The auth service's service account is a user of the realm, not a person: checked below.
    const people = realm.users.filter((u) => !u.serviceAccountClientId);
    const users = Object.fromEntries(people.map((u) => [u.username, u]));
    expect(Object.keys(users).sort()).toEqual([
      'admin',
      'analyst',
      'auditor',
      'integration',
      'investigator',
      'liaison',
      'officer',
      'officer2',
      'supervisor',
    ]);
    for (const user of people) {
      expect(user).toMatchObject({ enabled: true, emailVerified: true, requiredActions: [] });
      expect(user.firstName && user.lastName && user.email).toBeTruthy();
      expect(user.credentials).toEqual([{ type: 'password', value: 'opencen', temporary: false }]);
      expect(user.attributes.office).toHaveLength(1);
      expect(user.attributes.office[0]).toMatch(/^[A-Z]{3}-[A-Z0-9]{2,12}$/);
      const role = user.username === 'officer2' ? 'officer' : user.username;
      expect(user.realmRoles).toContain(role);
    }
    expect(users.officer.attributes.office).not.toEqual(users.officer2.attributes.office);
    // Clearances to try classification with: the officer reads restricted records only, the
    // supervisor of the same office confidential ones too, the investigator everything.
    expect(users.officer.attributes.clearance).toEqual(['restricted']);
    expect(users.supervisor.attributes.clearance).toEqual(['confidential']);
    expect(users.investigator.attributes.clearance).toEqual(['secret']);
    // Nobody grants a clearance above their own: the admin who creates users holds the highest.
    expect(users.admin.attributes.clearance).toEqual(['secret']);
  });

  it('lets the auth service manage users as its own service account, with no more than it needs', () => {
    expect(client('opencen-auth')).toMatchObject({
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
      fullScopeAllowed: false,
      // Keycloak fills the placeholder at import: a deployment's secret, else the local one (which
      // the auth service refuses in production).
      secret: '${OPENCEN_AUTH_CLIENT_SECRET:opencen-auth-local-dev-secret}',
    });
    const account = realm.users.find((u) => u.serviceAccountClientId === 'opencen-auth');
    const needed = ['view-users', 'query-users', 'manage-users', 'view-events', 'view-realm'];
    expect([...account.clientRoles['realm-management']].sort()).toEqual([...needed].sort());
    // Without full scope, the roles reach its token only through these mappings.
    const mapped = realm.clientScopeMappings['realm-management'].find(
      (m) => m.client === 'opencen-auth',
    );
    expect([...mapped.roles].sort()).toEqual([...needed].sort());
  });

  it('keeps the login events the account lifecycle reads', () => {
    expect(realm.eventsEnabled).toBe(true);
    expect(realm.enabledEventTypes).toEqual(expect.arrayContaining(['LOGIN', 'LOGIN_ERROR']));
    // Longer than the 90 days of inactivity after which an account is locked.
    expect(realm.eventsExpiration).toBeGreaterThan(90 * 24 * 3600);
  });
});
