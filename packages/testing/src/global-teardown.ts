/** Jest global teardown: stops the stack that global setup started, if it started one. */
export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__opencenStack;
  globalThis.__opencenStack = undefined;
  await stack?.stop();
}
