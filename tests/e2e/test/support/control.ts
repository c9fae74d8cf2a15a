/**
 * Stops a backend of the e2e stack (as a crash or a deployment would), or starts it again on the
 * same database; global setup runs the apps and serves these requests. Kills (SIGKILL) are the
 * fault suite's (tests/faults).
 */
export async function controlBackend(action: 'stop' | 'restart', app: string): Promise<void> {
  const url = process.env.E2E_CONTROL_URL;
  if (!url) throw new Error('E2E_CONTROL_URL is not set: run the e2e tests through jest');
  const response = await fetch(`${url}/${action}/${app}`, { method: 'POST' });
  if (response.status !== 204) {
    throw new Error(`${action} ${app} failed (${response.status}): ${await response.text()}`);
  }
}
