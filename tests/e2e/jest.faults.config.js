// The end-to-end tests that kill or restart a service the others rely on (test/faults): run after
// the others (`npm test` here runs both), in band, on a stack of their own, so that a killed
// service answers no other test's request.
const e2e = require('./jest.config');

module.exports = {
  ...e2e,
  projects: e2e.projects.map((project) => ({
    ...project,
    displayName: 'e2e-faults',
    testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  })),
};
