'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { keycloakDatabase } = require('../stack');

// Where Keycloak keeps its data: a file that survives restarts for `npm start` and `infra:up`,
// memory for a fresh (test) stack, and a new database when the realm file has changed.

describe('keycloakDatabase', () => {
  let dir;
  let realmFile;
  let lines;
  const config = () => ({ keycloak: { realmFile } });
  const ctx = (fresh) => ({ fresh, log: (line) => lines.push(line) });
  const kcData = () => path.join(dir, 'keycloak');
  const userData = () => path.join(kcData(), 'h2', 'keycloakdb.mv.db');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencen-kc-'));
    realmFile = path.join(dir, 'opencen-realm.json');
    fs.writeFileSync(realmFile, '{"realm":"opencen"}');
    lines = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps a file database across starts while the realm file stays the same', () => {
    const url = keycloakDatabase(config(), ctx(false), kcData());
    expect(url).toBe(`jdbc:h2:file:${path.join(kcData(), 'h2', 'keycloakdb')};NON_KEYWORDS=VALUE`);
    expect(fs.readFileSync(path.join(kcData(), 'import', 'opencen-realm.json'), 'utf8')).toBe(
      '{"realm":"opencen"}',
    );
    fs.mkdirSync(path.dirname(userData()), { recursive: true });
    fs.writeFileSync(userData(), 'users made at run time');
    keycloakDatabase(config(), ctx(false), kcData());
    expect(fs.existsSync(userData())).toBe(true);
    expect(lines).toEqual([]);
  });

  it('starts a new database, saying so, when the realm file has changed', () => {
    keycloakDatabase(config(), ctx(false), kcData());
    fs.mkdirSync(path.dirname(userData()), { recursive: true });
    fs.writeFileSync(userData(), 'users made at run time');
    fs.writeFileSync(realmFile, '{"realm":"opencen","displayName":"changed"}');
    keycloakDatabase(config(), ctx(false), kcData());
    expect(fs.existsSync(userData())).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/changed since its data was made/)]);
    expect(fs.readFileSync(path.join(kcData(), 'import', 'opencen-realm.json'), 'utf8')).toMatch(
      /changed/,
    );
  });

  it('keeps a fresh stack in memory, with nothing left of an earlier run', () => {
    fs.mkdirSync(path.dirname(userData()), { recursive: true });
    fs.writeFileSync(userData(), 'an earlier run');
    expect(keycloakDatabase(config(), ctx(true), kcData())).toBe(
      'jdbc:h2:mem:keycloakdb;NON_KEYWORDS=VALUE',
    );
    expect(fs.existsSync(userData())).toBe(false);
  });
});
