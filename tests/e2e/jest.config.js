// End to end: one project whose global setup finds the infrastructure (@opencen/testing), then
// starts every service and the gateway as processes (test/setup/global-setup.ts).
const { createJestConfig } = require('@opencen/jest-config');

const base = createJestConfig({ integration: true, integrationTimeoutMs: 60_000 });
const integration = base.projects.find((project) => project.displayName === 'integration');

module.exports = {
  ...base,
  projects: [
    {
      ...integration,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
