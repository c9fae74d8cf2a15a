export type CheckResult = 'up' | `down: ${string}`;

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckResult>;
}

const CHECK_TIMEOUT_MS = 2000;

/**
 * Runs readiness checks side by side, each bounded in time, and says which are down and why. Both
 * the services' and the gateway's `/health/ready` answer with it (200 when ok, 503 otherwise).
 */
export async function runReadinessChecks(
  checks: Record<string, () => Promise<void>>,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<Readiness> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => probe(checks[name]!, timeoutMs)));
  const byName = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
  return {
    status: results.every((result) => result === 'up') ? 'ok' : 'unavailable',
    checks: byName,
  };
}

async function probe(check: () => Promise<void>, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return 'up';
  } catch (error) {
    return `down: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
