'use strict';
// Mailpit as provisioned and run here: a server of its own (startStack with only the `mail` part,
// on free ports, data in a temporary directory) that takes a message over SMTP and hands it back
// through its HTTP API, whole (addresses, subject, both bodies, headers), deletes it by search, and
// is gone after stop(); provisioning without Go; and SMTP_URL / MAILPIT_URL, which make the runner
// start nothing.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { VERSIONS, provision, toolPaths } = require('../provision');
const { startStack, mailpitEnv } = require('../stack');
const { smtpSend, smtpMessage } = require('../lib/smtp');
const { httpGet, portFree } = require('../lib/health');
const { freePort, processesWith } = require('./helpers');

async function api(method, url) {
  const response = await fetch(url, { method });
  const text = await response.text();
  const json = (response.headers.get('content-type') || '').includes('json');
  return { status: response.status, body: json ? JSON.parse(text) : text };
}

describe('smtpMessage', () => {
  it('ends lines with CRLF and doubles a leading dot', () => {
    const message = smtpMessage({
      from: 'a@x.test',
      to: ['b@x.test', 'c@x.test'],
      subject: 'Hi',
      text: 'one\n.two\nthree',
    });
    const lines = message.split('\r\n');
    expect(lines.slice(0, 3)).toEqual(['From: a@x.test', 'To: b@x.test, c@x.test', 'Subject: Hi']);
    expect(lines).toContain('Content-Type: text/plain; charset=utf-8');
    expect(lines.slice(-3)).toEqual(['one', '..two', 'three']);
    expect(message).not.toMatch(/[^\r]\n/);
  });

  it('sends text and HTML as multipart/alternative', () => {
    const message = smtpMessage({
      from: 'a@x.test',
      to: ['b@x.test'],
      subject: 'Hi',
      text: 'plain',
      html: '<p>rich</p>',
    });
    expect(message).toMatch(/^Content-Type: multipart\/alternative; boundary="([^"]+)"$/m);
    expect(message).toMatch(/Content-Type: text\/plain; charset=utf-8\r\n\r\nplain\r\n--/);
    expect(message).toMatch(/Content-Type: text\/html; charset=utf-8\r\n\r\n<p>rich<\/p>\r\n--/);
  });
});

describe('mailpitEnv', () => {
  it("drops Mailpit's own variables, which would change its configuration behind our back", () => {
    expect(
      mailpitEnv({ PATH: '/usr/bin', MP_SMTP_AUTH: 'u:p', MP_DATABASE: '/x.db', SMTP_URL: 's' }),
    ).toEqual({ PATH: '/usr/bin', SMTP_URL: 's' });
  });
});

describe('provisioning Mailpit', () => {
  it('is cached under mailpit-<version>/bin/mailpit', () => {
    expect(toolPaths({ HOME: '/h' }).mailpit).toBe('/h/.cache/opencen/mailpit-v1.33.1/bin/mailpit');
  });

  it('says what to install when Go is missing, and leaves nothing behind', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'opencen-no-go-'));
    try {
      const attempt = provision({
        tools: ['mailpit'],
        env: { HOME: cache, OPENCEN_CACHE_DIR: cache, PATH: path.join(cache, 'bin') },
        log: () => {},
      });
      await expect(attempt).rejects.toThrow(
        '`go` is required to build Mailpit but was not found on PATH.',
      );
      await expect(attempt).rejects.toMatchObject({
        hint: expect.stringMatching(/Install Go 1\.26/),
      });
      expect(fs.readdirSync(cache)).toEqual([]);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe('Mailpit as provisioned', () => {
  let env;

  beforeAll(async () => {
    env = {
      ...process.env,
      OPENCEN_MAILPIT_SMTP_PORT: String(await freePort()),
      OPENCEN_MAILPIT_HTTP_PORT: String(await freePort()),
    };
    delete env.SMTP_URL;
    delete env.MAILPIT_URL;
  });

  it('takes a message over SMTP, hands it back through its API, deletes it, and is gone after stop()', async () => {
    const stack = await startStack({
      parts: ['mail'],
      fresh: true,
      env,
      log: () => {},
      handleSignals: false,
    });
    const smtpPort = Number(env.OPENCEN_MAILPIT_SMTP_PORT);
    const httpPort = Number(env.OPENCEN_MAILPIT_HTTP_PORT);
    let database = null;
    try {
      expect(stack.started).toEqual(['mail']);
      expect(stack.smtpUrl).toBe(`smtp://127.0.0.1:${smtpPort}`);
      expect(stack.mailpitUrl).toBe(`http://127.0.0.1:${httpPort}`);

      // The version provisioned, stamped at the build; no update check (it would call GitHub).
      const info = await api('GET', `${stack.mailpitUrl}/api/v1/info`);
      expect(info.status).toBe(200);
      expect(info.body).toMatchObject({ Version: VERSIONS.mailpit, LatestVersion: 'disabled' });
      // Its data is in the stack's data directory (a temporary one here).
      database = info.body.Database;
      expect(fs.existsSync(database)).toBe(true);
      expect((await httpGet(`${stack.mailpitUrl}/livez`)).status).toBe(200);

      const to = `officer-${process.pid}@customs.test`;
      const answer = await smtpSend(stack.smtpUrl, {
        from: 'OpenCEN <notifications@opencen.test>',
        to: [to],
        subject: 'Case CEN-1 assigned to you',
        text: 'Case CEN-1 is yours.\n.A line that starts with a dot.',
        html: '<p>Case <b>CEN-1</b> is yours.</p>',
        headers: { 'X-OpenCEN-Case': 'CEN-1' },
      });
      expect(answer).toMatch(/^250 /);

      // Kept, not delivered: read back by recipient.
      const query = encodeURIComponent(`to:"${to}"`);
      const found = await api('GET', `${stack.mailpitUrl}/api/v1/search?query=${query}`);
      expect(found.body.messages).toHaveLength(1);
      const [summary] = found.body.messages;
      expect(summary).toMatchObject({
        From: { Name: 'OpenCEN', Address: 'notifications@opencen.test' },
        To: [{ Name: '', Address: to }],
        Subject: 'Case CEN-1 assigned to you',
      });
      const message = await api('GET', `${stack.mailpitUrl}/api/v1/message/${summary.ID}`);
      // The dot doubled on the wire is single again.
      expect(message.body.Text.trimEnd()).toBe(
        'Case CEN-1 is yours.\r\n.A line that starts with a dot.',
      );
      expect(message.body.HTML).toBe('<p>Case <b>CEN-1</b> is yours.</p>');
      const headers = await api('GET', `${stack.mailpitUrl}/api/v1/message/${summary.ID}/headers`);
      // Names in their canonical form (Go's): each word capitalized, the rest lower case.
      expect(headers.body['X-Opencen-Case']).toEqual(['CEN-1']);
      expect(headers.body['Subject']).toEqual(['Case CEN-1 assigned to you']);

      // A recipient the server refuses is an error, not a silent loss.
      await expect(
        smtpSend(stack.smtpUrl, {
          from: 'a@x.test',
          to: ['not an address'],
          subject: 's',
          text: 't',
        }),
      ).rejects.toThrow(/RCPT TO:<not an address> answered 5\d\d/);

      const deleted = await api('DELETE', `${stack.mailpitUrl}/api/v1/search?query=${query}`);
      expect(deleted.status).toBe(200);
      const after = await api('GET', `${stack.mailpitUrl}/api/v1/search?query=${query}`);
      expect(after.body.messages).toEqual([]);
    } finally {
      await stack.stop();
    }
    expect(processesWith(`--smtp=127.0.0.1:${smtpPort}`)).toEqual([]);
    if (database) expect(fs.existsSync(database)).toBe(false); // a fresh stack's data is removed
    await expect(portFree(smtpPort)).resolves.toBe(true);
    await expect(portFree(httpPort)).resolves.toBe(true);
  }, 300_000);
});

describe('SMTP_URL and MAILPIT_URL', () => {
  it('name a mail server that is used as given: nothing is provisioned or started', async () => {
    const lines = [];
    const stack = await startStack({
      parts: ['mail'],
      // An empty cache: provisioning would show (and take minutes).
      env: {
        HOME: '/nonexistent',
        OPENCEN_CACHE_DIR: '/nonexistent/cache',
        SMTP_URL: 'smtp://mail.example:25',
        MAILPIT_URL: 'http://mail.example:8025/',
      },
      log: (line) => lines.push(line),
    });
    expect(stack).toMatchObject({
      smtpUrl: 'smtp://mail.example:25',
      mailpitUrl: 'http://mail.example:8025',
      started: [],
    });
    expect(lines).toEqual(['Mailpit: using smtp://mail.example:25 (given by SMTP_URL)']);
    await expect(stack.stop()).resolves.toBeUndefined();
  });
});
