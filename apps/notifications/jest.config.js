module.exports = require('@opencen/jest-config').createJestConfig({ integration: true });
