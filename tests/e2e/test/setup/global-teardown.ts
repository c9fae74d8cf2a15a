import infrastructureTeardown from '@opencen/testing/global-teardown';

/** Stops the apps, then whatever infrastructure global setup started. */
export default async function globalTeardown(): Promise<void> {
  globalThis.__opencenE2eControl?.close();
  const apps = globalThis.__opencenE2eApps;
  globalThis.__opencenE2eApps = undefined;
  try {
    await apps?.stop();
  } finally {
    await infrastructureTeardown();
  }
}
