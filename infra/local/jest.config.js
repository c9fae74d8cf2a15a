// The tests of this package are plain CommonJS (like the package itself): no transform needed, so
// this does not use @opencen/jest-config (whose default project runs src/**/*.spec.ts).
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'infra-local',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.spec.js'],
  transform: {},
  testTimeout: 60_000,
};
