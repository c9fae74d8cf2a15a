// Projects: `unit` checks the ledger's arithmetic (support/*.spec.ts); `faults` runs the scenarios
// (test/*.fault-spec.ts) on servers of their own, after the infrastructure's global setup has found
// Keycloak; `replicas` (test/*.replicas-spec.ts, not in npm test yet) runs two of every app.
// FAULTS_OPERATIONS sets the load of each scenario (see README.md).
const { createJestConfig } = require('@opencen/jest-config');

const base = createJestConfig({ integration: true });
const [unit, integration] = base.projects;

module.exports = {
  ...base,
  projects: [
    { ...unit, testMatch: ['<rootDir>/support/**/*.spec.ts'] },
    {
      ...integration,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/**/*.fault-spec.ts'],
      // The e2e suite checks the key-access rule; these runs check what survives a fault.
      setupFilesAfterEnv: [],
    },
    {
      ...integration,
      displayName: 'replicas',
      testMatch: ['<rootDir>/test/**/*.replicas-spec.ts'],
      setupFilesAfterEnv: [],
    },
  ],
  // A scenario waits for restarts and for the stores to converge; the spec sets its own bounds.
  testTimeout: 60 * 60_000,
};
