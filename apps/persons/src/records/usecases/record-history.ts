import { type RecordHistory } from '@opencen/contracts';

import { type HistoryEntry } from '../../subjects/domain/person';

/** A record's stored history lines as the history reply gives them, oldest first. */
export function historyReply(history: readonly HistoryEntry[]): RecordHistory {
  return {
    changes: history.map((entry) => ({
      version: entry.version,
      at: entry.at.toISOString(),
      by: entry.by,
      change: entry.change,
      fields: [...entry.fields],
    })),
  };
}
