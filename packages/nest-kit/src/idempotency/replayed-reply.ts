/**
 * How a service says, on the wire, that a reply repeats the first answer to an idempotency key:
 * the reply rides in an envelope that no contract's reply can look like, and ContractClient
 * unwraps it (so a reply schema never has to make room for a flag).
 */
const REPLAYED = 'opencen:idempotentReplay';

export interface ReplayedReply {
  readonly [REPLAYED]: true;
  readonly reply: unknown;
}

export function replayedReply(reply: unknown): ReplayedReply {
  return { [REPLAYED]: true, reply };
}

export function isReplayedReply(raw: unknown): raw is ReplayedReply {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    (raw as Record<string, unknown>)[REPLAYED] === true &&
    'reply' in raw
  );
}
