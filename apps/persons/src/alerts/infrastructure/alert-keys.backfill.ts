import { type Connection } from 'mongoose';

import { addAlertKey } from './alert.repository';
import {
  ALERT_KEYS_COLLECTION,
  ALERTS_COLLECTION,
  type AlertKeyDocument,
  alertKeySchema,
  mergeAlertsKey,
  subjectAlertsKey,
} from './alert.schema';

export interface AlertKeysProgress {
  read: number;
  lastId: string;
  perSecond: number;
}

interface StoredKeys {
  _id: string;
  subjectType: string;
  subjectId: string;
  movedByMergeId?: string;
}

/**
 * Writes the alert_keys of alerts stored before they existed: every alert under its subject, and
 * a moved one under its merge. Idempotent (ids are added to sets), a page at a time in id order,
 * resumable after the last id printed. Run once by an operator after an upgrade.
 */
export async function backfillAlertKeys(
  connection: Connection,
  options: { after?: string; pageSize?: number; onPage?: (progress: AlertKeysProgress) => void },
): Promise<{ read: number }> {
  const pageSize = options.pageSize ?? 500;
  const keys =
    connection.models[ALERT_KEYS_COLLECTION] ??
    connection.model<AlertKeyDocument>(
      ALERT_KEYS_COLLECTION,
      alertKeySchema,
      ALERT_KEYS_COLLECTION,
    );
  const alerts = connection.collection<StoredKeys>(ALERTS_COLLECTION);
  const started = Date.now();
  let after = options.after;
  let read = 0;
  for (;;) {
    const page = await alerts
      .find(after === undefined ? {} : { _id: { $gt: after } }, {
        projection: { subjectType: 1, subjectId: 1, movedByMergeId: 1 },
      })
      .sort({ _id: 1 })
      .limit(pageSize)
      .toArray();
    if (page.length === 0) return { read };
    for (const alert of page) {
      await addAlertKey(keys, subjectAlertsKey(alert), alert._id);
      if (alert.movedByMergeId) {
        await addAlertKey(keys, mergeAlertsKey(alert.movedByMergeId), alert._id);
      }
    }
    read += page.length;
    after = page[page.length - 1]!._id;
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    options.onPage?.({ read, lastId: after, perSecond: Math.round(read / seconds) });
  }
}
