import { type Notification } from '@opencen/contracts';

import { gatewayUrl, tokenOf } from './gateway';

/** One Server-Sent Event as the stream wrote it. */
export interface ServerSentEvent {
  id?: string;
  event?: string;
  data: string;
}

/**
 * A user's notification stream over real HTTP, parsed here (the format of the WHATWG spec: lines
 * `field: value`, events separated by a blank line, `:` comments).
 */
export class NotificationStream {
  readonly received: ServerSentEvent[] = [];
  comments = 0;
  private buffer = '';
  private waiters: (() => void)[] = [];
  private closed = false;

  private constructor(
    readonly response: Response,
    private readonly controller: AbortController,
  ) {
    void this.read();
  }

  /** Opens the stream as a demo user, resuming after `lastEventId` when given. */
  static async open(
    user: Parameters<typeof tokenOf>[0],
    options: { lastEventId?: string; tokenInQuery?: boolean } = {},
  ): Promise<NotificationStream> {
    const token = await tokenOf(user);
    const controller = new AbortController();
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (!options.tokenInQuery) headers.authorization = `Bearer ${token}`;
    if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
    const query = options.tokenInQuery ? `?access_token=${encodeURIComponent(token)}` : '';
    const response = await fetch(`${gatewayUrl()}/api/v1/notifications/stream${query}`, {
      headers,
      signal: controller.signal,
    });
    return new NotificationStream(response, controller);
  }

  /** The notifications received so far. */
  notifications(): { id: string; notification: Notification }[] {
    return this.received
      .filter((event) => event.event === 'notification')
      .map((event) => ({ id: event.id!, notification: JSON.parse(event.data) as Notification }));
  }

  /** Waits until a received notification matches, for at most `withinMs`. */
  async until(
    matches: (notification: Notification) => boolean,
    withinMs: number,
  ): Promise<{ id: string; notification: Notification }> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const found = this.notifications().find((entry) => matches(entry.notification));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) {
        throw new Error(
          `No matching notification within ${withinMs} ms; received ${JSON.stringify(this.notifications().map((n) => n.notification.kind))}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Disconnects, as a browser tab closing or a network drop would. */
  close(): void {
    this.controller.abort();
  }

  private async read(): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of this.response.body as unknown as AsyncIterable<Uint8Array>) {
        this.buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) !== -1) {
          this.parse(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end + 2);
        }
        for (const wake of this.waiters.splice(0)) wake();
      }
    } catch {
      // Aborted by close().
    } finally {
      this.closed = true;
      for (const wake of this.waiters.splice(0)) wake();
    }
  }

  private parse(block: string): void {
    const event: ServerSentEvent = { data: '' };
    let fields = 0;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments += 1;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      fields += 1;
      if (field === 'id') event.id = value;
      else if (field === 'event') event.event = value;
      else if (field === 'data') event.data = event.data ? `${event.data}\n${value}` : value;
    }
    if (fields > 0 && (event.event !== undefined || event.data !== '')) this.received.push(event);
  }
}
