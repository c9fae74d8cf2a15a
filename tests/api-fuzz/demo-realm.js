'use strict';
// The demo users of the shared realm, as every later test tier signs in as them: their state is
// read before the run and compared after it. What the run changed is put back (so that the tiers
// after it still work) and reported, and the run fails.

const { DEMO_PASSWORD, DEMO_USERS, keycloakAdminHeaders } = require('@opencen/testing');

const REALM = 'opencen';
/** What makes a demo user what the tests expect of it. */
const KEPT_FIELDS = ['enabled', 'firstName', 'lastName', 'email', 'attributes', 'requiredActions'];

/**
 * Each demo user's id, kept fields, realm roles and password credential (its id and date change
 * at every reset), by username.
 */
async function snapshotDemoUsers(keycloakUrl) {
  const headers = await keycloakAdminHeaders(keycloakUrl);
  const admin = `${keycloakUrl}/admin/realms/${REALM}`;
  const read = async (url) => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const snapshot = new Map();
  for (const username of DEMO_USERS) {
    const [found] = await read(
      `${admin}/users?exact=true&briefRepresentation=false&username=${encodeURIComponent(username)}`,
    );
    if (!found) throw new Error(`The realm has no demo user ${username}`);
    const user = await read(`${admin}/users/${found.id}`);
    const roles = (await read(`${admin}/users/${found.id}/role-mappings/realm`))
      .map((role) => role.name)
      .sort();
    const password = (await read(`${admin}/users/${found.id}/credentials`))
      .filter((credential) => credential.type === 'password')
      .map((credential) => `${credential.id}@${credential.createdDate}`);
    const kept = Object.fromEntries(KEPT_FIELDS.map((field) => [field, normalized(user[field])]));
    snapshot.set(username, { id: found.id, kept, roles, password });
  }
  return snapshot;
}

/** Keys sorted, so that two reads of the same state compare equal. */
function normalized(value) {
  if (Array.isArray(value)) return value.map(normalized);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, normalized(value[key])]),
    );
  }
  return value ?? null;
}

/**
 * Compares the demo users with `before`, puts back what differs, and returns what differed
 * (`username: what`), empty when nothing did.
 */
async function restoreDemoUsers(keycloakUrl, before) {
  const after = await snapshotDemoUsers(keycloakUrl);
  const headers = await keycloakAdminHeaders(keycloakUrl);
  const admin = `${keycloakUrl}/admin/realms/${REALM}`;
  const send = async (method, url, body) => {
    const response = await fetch(url, { method, headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status}`);
  };
  const changes = [];
  for (const [username, was] of before) {
    const now = after.get(username);
    const user = `${admin}/users/${was.id}`;
    const fields = KEPT_FIELDS.filter(
      (field) => JSON.stringify(now.kept[field]) !== JSON.stringify(was.kept[field]),
    );
    if (fields.length > 0) {
      changes.push(`${username}: ${fields.join(', ')}`);
      // The whole representation goes back: attributes left out of a PUT would be removed.
      const current = await (await fetch(user, { headers })).json();
      const kept = Object.entries(was.kept).filter(([, value]) => value !== null);
      await send('PUT', user, { ...current, ...Object.fromEntries(kept) });
    }
    const added = now.roles.filter((role) => !was.roles.includes(role));
    const removed = was.roles.filter((role) => !now.roles.includes(role));
    if (added.length + removed.length > 0) {
      changes.push(`${username}: roles +[${added}] -[${removed}]`);
      const representations = async (names) =>
        Promise.all(
          names.map(async (name) => (await fetch(`${admin}/roles/${name}`, { headers })).json()),
        );
      if (added.length > 0)
        await send('DELETE', `${user}/role-mappings/realm`, await representations(added));
      if (removed.length > 0)
        await send('POST', `${user}/role-mappings/realm`, await representations(removed));
    }
    if (JSON.stringify(now.password) !== JSON.stringify(was.password)) {
      changes.push(`${username}: password`);
      await send('PUT', `${user}/reset-password`, {
        type: 'password',
        value: DEMO_PASSWORD,
        temporary: false,
      });
    }
  }
  return changes;
}

module.exports = { snapshotDemoUsers, restoreDemoUsers };
