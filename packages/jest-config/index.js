// Test tiers by cost (see ARCHITECTURE.md "Tests"): `unit` runs *.spec.ts beside the code,
// `integration` runs test/**/*.int-spec.ts against real infrastructure, one file at a time.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  transform: { '^.+\\.(t|j)s$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
};

/**
 * Builds a workspace's jest config with a `unit` project and, when the workspace has a `test/`
 * folder, an `integration` project that uses the real-infrastructure global setup of
 * `@opencen/testing`.
 * @param {{ integration?: boolean, integrationTimeoutMs?: number }} [options]
 */
function createJestConfig(options = {}) {
  const projects = [{ ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] }];
  if (options.integration) {
    projects.push({
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
      globalSetup: require.resolve('@opencen/testing/global-setup'),
      globalTeardown: require.resolve('@opencen/testing/global-teardown'),
      // Fails a test whose service queried a growing collection other than by _id.
      setupFilesAfterEnv: [require.resolve('@opencen/testing/key-access-check')],
    });
  }
  return {
    projects,
    // Integration files share one nats-server/FerretDB/Keycloak; two workers keep a 2-core machine busy
    // without starving the servers.
    maxWorkers: 2,
    testTimeout: options.integrationTimeoutMs ?? 30_000,
  };
}

module.exports = { createJestConfig };
