import { assertNoKeyAccessViolations, watchKeyAccessLog } from './key-access';

// Jest setupFilesAfterEnv of the integration and end-to-end tiers: a test that made a service
// query a growing collection other than by `_id` fails (see key-access.ts).
if (process.env.E2E_KEY_ACCESS_LOG) watchKeyAccessLog(process.env.E2E_KEY_ACCESS_LOG);

afterEach(() => {
  assertNoKeyAccessViolations();
});
