import { Inject, Injectable } from '@nestjs/common';
import { WEBHOOK_HEADERS } from '@opencen/contracts';

import { type AttemptResult, isSuccess } from '../domain/webhook-rules';
import { type OutgoingWebhook, WebhookSender } from '../usecases/ports';

/** How long one attempt waits for the endpoint's answer (ms). */
export const WEBHOOK_TIMEOUT_MS = Symbol('WEBHOOK_TIMEOUT_MS');

/**
 * POSTs each webhook with Node's fetch (undici: pooled keep-alive connections per endpoint, so a
 * burst reuses them), the Standard Webhooks headers and a timeout. Redirects are not followed (a
 * signed body goes only where it was subscribed). The answer's body is not read beyond its status;
 * a failure is a result, never thrown: `http-<status>`, `timeout`, or the connection error's code.
 */
@Injectable()
export class HttpWebhookSender extends WebhookSender {
  constructor(@Inject(WEBHOOK_TIMEOUT_MS) private readonly timeoutMs: number) {
    super();
  }

  async send(webhook: OutgoingWebhook): Promise<AttemptResult> {
    const started = performance.now();
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'OpenCEN-Webhooks/1',
          [WEBHOOK_HEADERS.id]: webhook.webhookId,
          [WEBHOOK_HEADERS.timestamp]: String(webhook.timestampS),
          [WEBHOOK_HEADERS.signature]: webhook.signature,
        },
        body: webhook.body,
      });
      // Free the connection for the next webhook without reading what the endpoint said.
      await response.body?.cancel().catch(() => undefined);
      const durationMs = performance.now() - started;
      return isSuccess(response.status)
        ? { ok: true, status: response.status, durationMs }
        : { ok: false, status: response.status, reason: `http-${response.status}`, durationMs };
    } catch (error) {
      return { ok: false, reason: reasonOf(error), durationMs: performance.now() - started };
    }
  }
}

/** The error's code (ECONNREFUSED…) or `timeout`: never the message, which may quote the URL. */
function reasonOf(error: unknown): string {
  const failure = error as { name?: string; cause?: { code?: unknown } } | null;
  if (failure?.name === 'TimeoutError' || failure?.name === 'AbortError') return 'timeout';
  const code = failure?.cause?.code;
  return typeof code === 'string' ? code : 'connection-failed';
}
