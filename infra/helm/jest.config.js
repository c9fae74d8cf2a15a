// Plain CommonJS tests, like infra/local's: no transform.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'helm-charts',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.spec.js'],
  transform: {},
  // Provisioning helm when it is missing builds it (minutes); the checks themselves take seconds.
  testTimeout: 60_000,
};
