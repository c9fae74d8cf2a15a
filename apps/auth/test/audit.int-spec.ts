import { randomBytes, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { getConnectionToken } from '@nestjs/mongoose';
import {
  AUDIT_STREAM,
  type AuditEntry,
  type Principal,
  auditAccessRecorded,
  auditRecordTrail,
  auditUserActivity,
  buildEvent,
  personCreated,
  verifyAuditChain,
} from '@opencen/contracts';
import { AuditPublisher, ServiceError } from '@opencen/nest-kit';
import { eventually } from '@opencen/testing';
import { type Connection } from 'mongoose';

import {
  AUDIT_CHECKPOINTS_COLLECTION,
  AUDIT_ENTRIES_COLLECTION,
  entryKey,
} from '../src/audit/infrastructure/mongo-audit-chain';
import { type AuthService, startAuthService } from './support/auth-service';

/**
 * The audit trail against real NATS (JetStream), FerretDB and OpenSearch: access records published
 * on the audit stream and the services' write events become chain entries exactly once, even when
 * the service was down when they were published; auditors query them; and changes made straight
 * in the database are found by the verification at the entry they were made.
 */

const suffix = randomBytes(3).toString('hex');
const auditor: Principal = { sub: `it-auditor-${suffix}`, username: 'auditor', roles: ['auditor'] };
const officer: Principal = {
  sub: `it-officer-${suffix}`,
  username: 'officer',
  roles: ['officer'],
  office: 'FRA-CDG',
};

function accessRecord(personId: string, purpose = 'case FR-2026-000123') {
  return buildEvent(auditAccessRecorded, {
    subject: personId,
    correlationId: `it-${randomBytes(4).toString('hex')}`,
    actor: officer.sub,
    data: {
      action: 'consultation',
      operation: 'getPerson',
      actor: {
        sub: officer.sub,
        username: officer.username,
        office: 'FRA-CDG',
        roles: ['officer'],
      },
      records: [{ kind: 'person', id: personId }],
      purpose,
      client: { clientId: 'opencen-web', address: '127.0.0.1' },
      status: 200,
    },
  });
}

describe('the audit trail', () => {
  let service: AuthService;
  let publisher: AuditPublisher;
  let connection: Connection;

  beforeAll(async () => {
    service = await startAuthService(__filename, { env: { AUDIT_CHECKPOINT_EVERY: '5' } });
    publisher = new AuditPublisher(service.nats.jetstream(), 5000);
    connection = service.app.get<Connection>(getConnectionToken());
  });
  afterAll(async () => {
    await service?.close();
  });

  const entries = () =>
    connection.collection<AuditEntry & { _id: string }>(AUDIT_ENTRIES_COLLECTION);
  const trailOf = (id: string) => service.send(auditRecordTrail, { kind: 'person', id }, auditor);
  /** Waits until the record trail of `id` holds `count` entries. */
  const trailHolds = (id: string, count: number) =>
    eventually(
      async () => {
        const page = await trailOf(id);
        if (page.total !== count) throw new Error(`${page.total} entries, not ${count}`);
        return page;
      },
      10_000,
      `${count} entries for ${id}`,
    );

  it('appends each access record once, and auditors find it by record and by user', async () => {
    const personId = `person-${randomUUID()}`;
    const record = accessRecord(personId);
    await publisher.publish(record);
    // The same record under another message id (what a redelivery after a crash looks like).
    await service.nats.jetstream().publish(auditAccessRecorded.subject, JSON.stringify(record), {
      msgID: randomUUID(),
      expect: { streamName: AUDIT_STREAM },
    });
    const page = await trailHolds(personId, 1);
    expect(page.entries[0]).toMatchObject({
      action: 'consultation',
      operation: 'getPerson',
      actor: { sub: officer.sub, username: 'officer', office: 'FRA-CDG' },
      records: [{ kind: 'person', id: personId }],
      purpose: 'case FR-2026-000123',
      correlationId: record.correlationid,
      sourceId: record.id,
    });
    const activity = await service.send(auditUserActivity, { sub: officer.sub }, auditor);
    expect(activity.entries.map((entry) => entry.sourceId)).toContain(record.id);
  });

  it('records the writes of the services from their events', async () => {
    const personId = `person-${randomUUID()}`;
    const event = buildEvent(personCreated, {
      subject: personId,
      correlationId: 'it-write',
      actor: officer.sub,
      data: { personId, office: 'FRA-CDG', version: 1, classification: 'restricted' },
    });
    await service.nats.jetstream().publish(personCreated.subject, JSON.stringify(event), {
      msgID: event.id,
    });
    const page = await trailHolds(personId, 1);
    expect(page.entries[0]).toMatchObject({
      action: 'collection',
      operation: personCreated.type,
      actor: { sub: officer.sub },
      sourceId: event.id,
    });
  });

  it('keeps the records published while it was down, and appends each of them once', async () => {
    const personId = `person-${randomUUID()}`;
    await service.stop();
    const records = [accessRecord(personId), accessRecord(personId), accessRecord(personId)];
    for (const record of records) await publisher.publish(record);
    await service.restart();
    connection = service.app.get<Connection>(getConnectionToken());
    const page = await trailHolds(personId, 3);
    expect(page.entries.map((entry) => entry.sourceId).sort()).toEqual(
      records.map((record) => record.id).sort(),
    );
  });

  it('answers auditors only', async () => {
    await expect(
      service.send(auditRecordTrail, { kind: 'person', id: 'x' }, officer),
    ).rejects.toThrow(ServiceError);
    await expect(
      service.send(auditRecordTrail, { kind: 'person', id: 'x', extra: 1 } as never, auditor),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  describe('verification', () => {
    let originals: (AuditEntry & { _id: string })[];

    beforeAll(async () => {
      // At least 12 entries, so that checkpoints (every 5) exist on both sides of the changes.
      const personId = `person-${randomUUID()}`;
      for (let i = 0; i < 8; i += 1) await publisher.publish(accessRecord(personId));
      await trailHolds(personId, 8);
      // The whole chain, read by key as the service's guard asks of every query.
      originals = [];
      for (let entry = await entryAt(1); entry; entry = await entryAt(originals.length + 1)) {
        originals.push(entry);
      }
      expect(originals.length).toBeGreaterThanOrEqual(12);
    });
    afterEach(async () => {
      // Put the chain back as it was.
      // The whole chain and one past it, where the insertion test moves the last entry.
      await removeEntries(range(1, originals.length + 1));
      await entries().insertMany(originals);
    });

    const entryAt = (seq: number) => entries().findOne({ _id: entryKey(seq) });
    const removeEntries = async (seqs: number[]) => {
      for (const seq of seqs) await entries().deleteOne({ _id: entryKey(seq) });
    };
    const verify = () => service.send(verifyAuditChain, {}, auditor);
    const original = (seq: number) => originals.find((entry) => entry.seq === seq)!;

    it('holds for the chain as it was written', async () => {
      const report = await verify();
      expect(report).toMatchObject({ valid: true });
      expect(report.entries).toBeGreaterThanOrEqual(12);
      expect(report.checkpoints).toBeGreaterThanOrEqual(2);
      expect(report).toMatchObject({ from: 1, to: report.entries });
      expect(report.nextFrom).toBeUndefined();
    });

    it('verifies a range at a time, each saying where the next one starts', async () => {
      const whole = await verify();
      const first = await service.send(verifyAuditChain, { limit: 5 }, auditor);
      expect(first).toMatchObject({ valid: true, from: 1, to: 5, entries: 5, nextFrom: 6 });
      const rest = await service.send(verifyAuditChain, { from: 6 }, auditor);
      expect(rest).toMatchObject({ valid: true, from: 6, to: whole.to });
      expect(first.checkpoints + rest.checkpoints).toBe(whole.checkpoints);
      await expect(
        service.send(verifyAuditChain, { limit: 1001 } as never, auditor),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('finds an entry changed in the database', async () => {
      await entries().updateOne({ _id: entryKey(4) }, { $set: { purpose: 'changed' } });
      expect((await verify()).problem).toMatchObject({ kind: 'modified', seq: 4 });
    });

    it('finds an entry deleted from the database', async () => {
      await entries().deleteOne({ _id: entryKey(6) });
      expect((await verify()).problem).toMatchObject({ kind: 'removed', seq: 6 });
    });

    it('finds an entry inserted into the database', async () => {
      // Entries from 3 on move one position on, and a forged one takes position 3.
      const last = originals.length;
      await removeEntries(range(3, last));
      await entries().insertMany(
        range(3, last).map((seq) => ({ ...original(seq), _id: entryKey(seq + 1) })),
      );
      await entries().insertOne({ ...original(3), _id: entryKey(3), sourceId: 'forged' });
      expect((await verify()).problem).toMatchObject({ kind: 'inserted', seq: 3 });
    });

    it('finds two entries swapped in the database', async () => {
      const { _id: _nine, ...ninth } = original(9);
      const { _id: _eight, ...eighth } = original(8);
      await entries().replaceOne({ _id: entryKey(8) }, ninth);
      await entries().replaceOne({ _id: entryKey(9) }, eighth);
      expect((await verify()).problem).toMatchObject({ kind: 'reordered', seq: 8 });
    });

    it('refuses a checkpoint whose signature was forged', async () => {
      const checkpoints = connection.collection<{ _id: string; signature: string }>(
        AUDIT_CHECKPOINTS_COLLECTION,
      );
      const genuine = await checkpoints.findOne({ _id: entryKey(5) });
      expect(genuine).not.toBeNull();
      const forged = Buffer.from(genuine!.signature, 'base64');
      forged[0] = forged[0]! ^ 0xff;
      await checkpoints.updateOne(
        { _id: entryKey(5) },
        { $set: { signature: forged.toString('base64') } },
      );
      try {
        expect((await verify()).problem).toMatchObject({ kind: 'checkpoint-signature', seq: 5 });
      } finally {
        await checkpoints.updateOne(
          { _id: entryKey(5) },
          { $set: { signature: genuine!.signature } },
        );
      }
    });

    it('is what npm run audit:verify reports, with its exit code', async () => {
      const run = () =>
        spawnSync(process.execPath, [path.join(__dirname, '../dist/audit-verify.js')], {
          env: { ...process.env, MONGO_URL: service.env.MONGO_URL, MONGO_DB: service.env.MONGO_DB },
          encoding: 'utf8',
        });
      const holding = run();
      expect(holding.stdout).toMatch(/The audit chain holds: \d+ entries/);
      expect(holding.status).toBe(0);
      await entries().updateOne({ _id: entryKey(2) }, { $set: { operation: 'nothing' } });
      const broken = run();
      expect(broken.stdout).toContain('does NOT hold: modified at entry 2');
      expect(broken.status).toBe(1);
    });
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
