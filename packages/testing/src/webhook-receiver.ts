import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';

import { Webhook } from 'standardwebhooks';

/** One request the receiver took: its Standard Webhooks headers and its body, as sent. */
export interface ReceivedWebhook {
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
  /** Whether the receiver answered it 2xx (it was up). */
  readonly accepted: boolean;
}

/**
 * A real local HTTP endpoint for webhook tests: it records every POST, answers 204 while up and
 * 503 while `down` (or `answer` when set), and verifies signatures with the `standardwebhooks`
 * package (the specification authors' library), independently of the sender's code.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** While true, every request is answered 503 (the receiver is "down"). */
  down = false;
  /** When set, the status every request is answered with. */
  answer: number | undefined;
  private server: Server | undefined;
  private port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const status = this.answer ?? (this.down ? 503 : 204);
        this.received.push({
          id: String(req.headers['webhook-id'] ?? ''),
          timestamp: String(req.headers['webhook-timestamp'] ?? ''),
          signature: String(req.headers['webhook-signature'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          headers: req.headers,
          accepted: status >= 200 && status < 300,
        });
        res.writeHead(status).end();
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** The endpoint's URL, with a path of the test's choosing. */
  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** What the receiver accepted (answered 2xx), by `webhook-id`: how many times each came. */
  acceptedCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const webhook of this.received.filter((r) => r.accepted)) {
      counts.set(webhook.id, (counts.get(webhook.id) ?? 0) + 1);
    }
    return counts;
  }

  /** Every request of one webhook id (its attempts and replays). */
  withId(id: string): ReceivedWebhook[] {
    return this.received.filter((webhook) => webhook.id === id);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

/**
 * Verifies a received webhook as a receiver following the published rules would: the signature
 * (any of the space-separated ones) with `secret`, and the timestamp within 5 minutes of now.
 * Returns the parsed body; throws when it must be rejected.
 */
export function verifyWebhook(
  secret: string,
  webhook: Pick<ReceivedWebhook, 'id' | 'timestamp' | 'signature' | 'body'>,
): unknown {
  return new Webhook(secret).verify(webhook.body, {
    'webhook-id': webhook.id,
    'webhook-timestamp': webhook.timestamp,
    'webhook-signature': webhook.signature,
  });
}

/** A webhook signed with `secret` by the library itself, at a given time (to forge old ones). */
export function signWebhook(secret: string, id: string, at: Date, body: string): string {
  return new Webhook(secret).sign(id, at, body);
}
