import { vi } from 'vitest';

/**
 * A stand-in for the browser's EventSource (jsdom has none): a test opens nothing, it makes the
 * "server" send events with {@link FakeEventSource.emit} and close the stream with `refuse`.
 */
export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  /** Every stream opened since {@link installFakeEventSource}, the last one last. */
  static opened: FakeEventSource[] = [];

  readyState = FakeEventSource.OPEN;

  constructor(readonly url: string) {
    super();
    FakeEventSource.opened.push(this);
  }

  /** The server sends an event `type` with `data` (JSON) and `id:`. */
  emit(type: string, data: unknown, lastEventId = '') {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data), lastEventId }));
  }

  /** The server refuses the stream (an expired token): EventSource gives up. */
  refuse() {
    this.readyState = FakeEventSource.CLOSED;
    this.dispatchEvent(new Event('error'));
  }

  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}

/** Puts {@link FakeEventSource} in place of the global EventSource until the test ends. */
export function installFakeEventSource() {
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  return FakeEventSource;
}
