import { type LivenessView, isStale, takeoverReason } from './outbox-replicas';

const serverNow = new Date('2026-12-08T10:00:00.000Z');
const secondsAgo = (seconds: number, from = serverNow) => new Date(from.getTime() - seconds * 1000);

/** Replica `live` beat a second ago, `late` 12 s ago, `crashed` 16 s ago; all every 5 s. */
function view(overrides: Partial<LivenessView> = {}): LivenessView {
  return {
    self: 'me',
    serverNow,
    heartbeats: new Map([
      ['me', { heartbeatAt: serverNow, heartbeatMs: 5000 }],
      ['live', { heartbeatAt: secondsAgo(1), heartbeatMs: 5000 }],
      ['late', { heartbeatAt: secondsAgo(12), heartbeatMs: 5000 }],
      ['crashed', { heartbeatAt: secondsAgo(16), heartbeatMs: 5000 }],
    ]),
    localNow: serverNow,
    markerGraceMs: 60_000,
    ...overrides,
  };
}

describe('the takeover of pending markers', () => {
  it('never takes over this replica’s own markers, however old', () => {
    expect(takeoverReason({ replica: 'me', at: secondsAgo(3600) }, view())).toBeUndefined();
  });

  it('takes over at once the markers of a replica with no heartbeat (stopped, or forgotten)', () => {
    expect(takeoverReason({ replica: 'gone', at: serverNow }, view())).toBe('replica-gone');
  });

  it('takes over the markers of a replica that missed three beats, however recent', () => {
    expect(takeoverReason({ replica: 'crashed', at: secondsAgo(16) }, view())).toBe(
      'heartbeat-stale',
    );
  });

  it('leaves the markers of a replica that beats, or is late by less than three beats', () => {
    expect(takeoverReason({ replica: 'live', at: secondsAgo(2) }, view())).toBeUndefined();
    expect(takeoverReason({ replica: 'late', at: secondsAgo(12) }, view())).toBeUndefined();
  });

  it('takes over a marker of a live replica once it is older than the grace (a stuck replica)', () => {
    expect(takeoverReason({ replica: 'live', at: secondsAgo(61) }, view())).toBe('marker-old');
    expect(takeoverReason({ replica: 'live', at: secondsAgo(59) }, view())).toBeUndefined();
  });

  it('judges heartbeats on the server’s clock, whatever this machine’s clock says', () => {
    // This machine's clock is 30 s ahead: the heartbeats are still recent on the server's.
    const ahead = view({ localNow: new Date(serverNow.getTime() + 30_000) });
    expect(takeoverReason({ replica: 'late', at: secondsAgo(12, ahead.localNow) }, ahead)).toBe(
      undefined,
    );
  });

  it('measures staleness in the beats of the replica that beats', () => {
    const slow = { heartbeatAt: secondsAgo(40), heartbeatMs: 15_000 };
    expect(isStale(slow, serverNow)).toBe(false);
    expect(isStale(slow, new Date(serverNow.getTime() + 6000))).toBe(true);
  });
});
