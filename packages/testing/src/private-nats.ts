import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A nats-server of a test's own: its URL, and how to stop it (its data is removed then). */
export interface PrivateNats {
  natsUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a nats-server (JetStream on, temporary data, free ports) for one test file, with
 * infra/local. For a test that breaks what it runs against (deletes a stream, stops the server),
 * which it must never do to the shared stack's NATS: other test files and services use it.
 */
export async function startPrivateNats(): Promise<PrivateNats> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startStack } = require('@opencen/infra-local') as {
    startStack: (options: {
      parts: string[];
      fresh: boolean;
      env: NodeJS.ProcessEnv;
      log: (line: string) => void;
    }) => Promise<PrivateNats>;
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENCEN_NATS_PORT: String(await freePort()),
    OPENCEN_NATS_MONITOR_PORT: String(await freePort()),
    OPENCEN_LOG_DIR: path.join(tmpdir(), 'opencen-private-nats'),
  };
  // Otherwise infra/local takes the shared server as external and starts none.
  delete env.NATS_URL;
  const stack = await startStack({ parts: ['nats'], fresh: true, env, log: () => undefined });
  return { natsUrl: stack.natsUrl, stop: () => stack.stop() };
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
