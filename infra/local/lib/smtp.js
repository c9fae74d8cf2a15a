'use strict';
// A minimal SMTP client for tests: one message over plain SMTP (no TLS, no authentication), the way
// a service hands mail to the local Mailpit. Node built-ins only; services use a real mail library.

const net = require('node:net');

/**
 * The message as sent: headers, a blank line, the text; lines ending in CRLF and a leading dot
 * doubled (RFC 5321 4.5.2). `html` makes it multipart/alternative with both bodies.
 * @param {{ from: string, to: string[], subject: string, text: string, html?: string,
 *   headers?: Record<string, string> }} mail
 */
function smtpMessage(mail) {
  const boundary = `opencen-${Date.now().toString(36)}`;
  const lines = [
    `From: ${mail.from}`,
    `To: ${mail.to.join(', ')}`,
    `Subject: ${mail.subject}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    ...Object.entries(mail.headers || {}).map(([name, value]) => `${name}: ${value}`),
  ];
  if (mail.html === undefined) {
    lines.push('Content-Type: text/plain; charset=utf-8', '', mail.text);
  } else {
    lines.push(
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      mail.text,
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      mail.html,
      `--${boundary}--`,
    );
  }
  return lines
    .join('\n')
    .split(/\r?\n/)
    .map((line) => (line.startsWith('.') ? `.${line}` : line))
    .join('\r\n');
}

/** The address in "Name <address>", or the whole text when it has no angle brackets. */
function envelopeAddress(text) {
  const match = /<([^>]*)>\s*$/.exec(text);
  return match ? match[1] : text.trim();
}

/**
 * Sends one message to the SMTP server at `url` (smtp://host:port): EHLO, MAIL FROM, RCPT TO for
 * each recipient (addresses may be written "Name <address>"), DATA, QUIT. Resolves with the server's answer to the data (e.g. "250 2.0.0 Ok:
 * queued as ..."); rejects with the server's answer to the first command it refused.
 * @param {string} url
 * @param {{ from: string, to: string[], subject: string, text: string, html?: string,
 *   headers?: Record<string, string> }} mail
 * @param {number} [timeoutMs]
 * @returns {Promise<string>}
 */
function smtpSend(url, mail, timeoutMs = 5000) {
  const { hostname, port } = new URL(url);
  const steps = [
    ['EHLO opencen.test', 250],
    [`MAIL FROM:<${envelopeAddress(mail.from)}>`, 250],
    ...mail.to.map((to) => [`RCPT TO:<${envelopeAddress(to)}>`, 250]),
    ['DATA', 354],
    [`${smtpMessage(mail)}\r\n.`, 250],
    ['QUIT', 221],
  ];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) || 25 });
    let buffer = '';
    let step = -1; // -1: waiting for the greeting
    let accepted = null;
    const fail = (err) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(new Error(`SMTP ${url}: no answer in ${timeoutMs} ms`)),
    );
    socket.on('error', fail);
    socket.on('close', () => (accepted ? resolve(accepted) : fail(new Error('SMTP: closed'))));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      // A reply is complete at a line whose code is followed by a space ("250 ", not "250-").
      for (;;) {
        const end = buffer.search(/^\d{3} .*\r\n/m);
        if (end === -1) return;
        const lineEnd = buffer.indexOf('\r\n', end) + 2;
        const reply = buffer.slice(end, lineEnd - 2);
        buffer = buffer.slice(lineEnd);
        const code = Number(reply.slice(0, 3));
        const expected = step === -1 ? 220 : steps[step][1];
        if (code !== expected) {
          const sent = step === -1 ? 'the greeting' : steps[step][0].split('\r\n')[0];
          return fail(new Error(`SMTP ${url}: ${sent} answered ${reply}`));
        }
        if (step >= 0 && steps[step][0] === 'QUIT') {
          socket.end();
          return;
        }
        if (step >= 0 && steps[step + 1] && steps[step + 1][0] === 'QUIT') accepted = reply;
        step += 1;
        socket.write(`${steps[step][0]}\r\n`);
      }
    });
  });
}

module.exports = { smtpSend, smtpMessage };
