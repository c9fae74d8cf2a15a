'use strict';
// restart(part) of a started stack, which the fault suite (tests/faults) uses to crash a server:
// SIGKILL (or SIGTERM), started again on the same data, healthy again before it resolves, its
// log kept. Shown on Mailpit, the part that starts fastest and keeps what it was sent.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startStack } = require('../stack');
const { smtpSend } = require('../lib/smtp');
const { freePort, processesWith } = require('./helpers');

const messagesTo = async (mailpitUrl, to) => {
  const query = encodeURIComponent(`to:"${to}"`);
  const response = await fetch(`${mailpitUrl}/api/v1/search?query=${query}`);
  return (await response.json()).messages.length;
};

describe('restart of a part', () => {
  let stack;
  let logDir;

  beforeAll(async () => {
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencen-restart-logs-'));
    const env = {
      ...process.env,
      OPENCEN_MAILPIT_SMTP_PORT: String(await freePort()),
      OPENCEN_MAILPIT_HTTP_PORT: String(await freePort()),
      OPENCEN_LOG_DIR: logDir,
    };
    delete env.SMTP_URL;
    delete env.MAILPIT_URL;
    stack = await startStack({
      parts: ['mail'],
      fresh: true,
      env,
      log: () => {},
      handleSignals: false,
    });
  });

  afterAll(async () => {
    await stack?.stop();
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  it.each([
    ['killed (SIGKILL)', { kill: true }],
    ['stopped (SIGTERM)', {}],
  ])('%s, starts again on its data, healthy, with its log kept', async (_how, how) => {
    const to = `restart-${process.hrtime.bigint()}@customs.test`;
    await smtpSend(stack.smtpUrl, { from: 'a@opencen.test', to: [to], subject: 'kept', text: 'x' });
    expect(await messagesTo(stack.mailpitUrl, to)).toBe(1);
    const before = processesWith(`--smtp=127.0.0.1:${new URL(stack.smtpUrl).port}`);
    expect(before).toHaveLength(1);
    const logBefore = fs.readFileSync(path.join(logDir, 'mailpit.log'), 'utf8');

    await stack.restart('mail', how);

    const after = processesWith(`--smtp=127.0.0.1:${new URL(stack.smtpUrl).port}`);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    // Healthy as soon as restart() resolves, with what it held before.
    expect(await messagesTo(stack.mailpitUrl, to)).toBe(1);
    const logAfter = fs.readFileSync(path.join(logDir, 'mailpit.log'), 'utf8');
    expect(logAfter.startsWith(logBefore)).toBe(true);
    expect(logAfter.length).toBeGreaterThan(logBefore.length);
  });

  it('refuses a part the stack did not start, saying so', async () => {
    await expect(stack.restart('nats')).rejects.toThrow(
      'nats-server was not started by this stack.',
    );
  });
});
