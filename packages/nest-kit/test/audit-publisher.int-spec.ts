import { AUDIT_STREAM, auditAccessRecorded, buildEvent } from '@opencen/contracts';
import { type PrivateNats, freePort, startPrivateNats } from '@opencen/testing';
import { type JetStreamManager, type NatsConnection, connect } from 'nats';
import { AuditPublisher, AuditTrail, createLogger, ensureAuditStream } from '../src';

// The audit stream is shared by every test and service on the stack's NATS (the auth service
// consumes it), so this file breaks a nats-server of its own: it deletes the stream and stops
// the server.

const TIMEOUT_MS = 2000;

function accessRecord(operation = 'getPerson') {
  return buildEvent(auditAccessRecorded, {
    subject: operation,
    data: {
      action: 'consultation',
      operation,
      actor: { sub: 'sub-kit-test', username: 'kit-test', roles: ['officer'] },
      records: [{ kind: 'person', id: 'p-1' }],
      client: { clientId: 'opencen-web', address: '127.0.0.1' },
      status: 200,
    },
    correlationId: 'kit-audit-test',
    actor: 'sub-kit-test',
  });
}

describe('AuditPublisher and AuditTrail against JetStream', () => {
  let nats: PrivateNats;
  let connection: NatsConnection;
  let jsm: JetStreamManager;
  const trails: AuditTrail[] = [];
  const trail = (natsUrl: string) => {
    const created = new AuditTrail({
      natsUrl,
      connectionName: 'kit-audit-test',
      publishTimeoutMs: TIMEOUT_MS,
      logger: createLogger('kit-audit-test', 'silent'),
    });
    trails.push(created);
    return created;
  };

  beforeAll(async () => {
    nats = await startPrivateNats();
    // No reconnection: the last test stops the server under it.
    connection = await connect({ servers: nats.natsUrl, reconnect: false });
    jsm = await connection.jetstreamManager();
  });

  afterAll(async () => {
    await Promise.all(trails.map((created) => created.onApplicationShutdown()));
    if (connection && !connection.isClosed()) await connection.close();
    await nats?.stop();
  });

  it('resolves once the record is stored in the audit stream, which holds it once', async () => {
    await ensureAuditStream(jsm);
    const publisher = new AuditPublisher(connection.jetstream(), TIMEOUT_MS);
    const record = accessRecord();
    await publisher.publish(record);
    const stored = await jsm.streams.getMessage(AUDIT_STREAM, {
      last_by_subj: auditAccessRecorded.subject,
    });
    expect(stored.json()).toEqual(record);
    // A retry of the same record (same id) is not stored twice.
    await publisher.publish(record);
    expect((await jsm.streams.info(AUDIT_STREAM)).state.messages).toBe(1);
  });

  it('the trail ensures the stream at boot, publishes into it and reports it ready', async () => {
    await jsm.streams.delete(AUDIT_STREAM);
    const audit = trail(nats.natsUrl);
    await audit.onModuleInit();
    await expect(audit.check()).resolves.toBeUndefined();
    const record = accessRecord('searchPersons');
    await audit.publish(record);
    const stored = await jsm.streams.getMessage(AUDIT_STREAM, { seq: 1 });
    expect(stored.json<{ id: string }>().id).toBe(record.id);
  });

  it('rejects when the stream is missing, and the trail is no longer ready', async () => {
    const audit = trail(nats.natsUrl);
    await audit.onModuleInit();
    const publisher = new AuditPublisher(connection.jetstream(), TIMEOUT_MS);
    await jsm.streams.delete(AUDIT_STREAM);
    await expect(publisher.publish(accessRecord())).rejects.toThrow();
    await expect(audit.publish(accessRecord())).rejects.toThrow();
    await expect(audit.check()).rejects.toThrow();
    await expect(jsm.streams.info(AUDIT_STREAM)).rejects.toThrow(/not found/i);
  });

  it('rejects when no NATS server answers, without failing the boot', async () => {
    const audit = trail(`nats://127.0.0.1:${await freePort()}`);
    await expect(audit.onModuleInit()).resolves.toBeUndefined();
    await expect(audit.publish(accessRecord())).rejects.toThrow();
    await expect(audit.check()).rejects.toThrow();
  });

  it('rejects once the server it was connected to is gone', async () => {
    await ensureAuditStream(jsm);
    const audit = trail(nats.natsUrl);
    await audit.publish(accessRecord());
    const publisher = new AuditPublisher(connection.jetstream(), TIMEOUT_MS);
    await nats.stop();
    await expect(publisher.publish(accessRecord())).rejects.toThrow();
    await expect(audit.publish(accessRecord())).rejects.toThrow();
  });
});
