// Unit tier only: the gateway against the real stack is tested end to end in tests/e2e.
module.exports = require('@opencen/jest-config').createJestConfig();
