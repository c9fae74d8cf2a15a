'use strict';
// Health checks that speak each server's own protocol (no client libraries): HTTP for nats-server's
// monitoring, Keycloak, OpenSearch and Mailpit, the NATS text protocol, a MongoDB OP_MSG `ping` for
// FerretDB, and an SMTP greeting.

const http = require('node:http');
const https = require('node:https');
const net = require('node:net');

/**
 * GET an http:// or https:// URL (credentials in the URL are sent as basic authentication);
 * resolves { status, body } or rejects on a network error or timeout.
 */
function httpGet(url, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const client = new URL(url).protocol === 'https:' ? https : http;
    const req = client.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/**
 * Opens a TCP connection, lets `talk` drive the exchange, and settles with its verdict.
 * `talk(socket, data, done)` is called with all data received so far after each chunk.
 */
function tcpExchange(host, port, { onConnect, onData }, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buffer = Buffer.alloc(0);
    let settled = false;
    const finish = (err, value) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    socket.setTimeout(timeoutMs, () =>
      finish(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)),
    );
    socket.on('connect', () => onConnect && onConnect(socket));
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        onData(buffer, socket, finish);
      } catch (err) {
        finish(err);
      }
    });
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error(`connection to ${host}:${port} closed`)));
  });
}

/** NATS: the server greets with INFO; answer CONNECT + PING and expect PONG. */
function natsPing(host, port, timeoutMs) {
  let sent = false;
  return tcpExchange(
    host,
    port,
    {
      onData(buffer, socket, done) {
        const text = buffer.toString('utf8');
        if (!sent && text.includes('\r\n')) {
          if (!text.startsWith('INFO '))
            return done(new Error(`not a NATS server: ${text.slice(0, 40)}`));
          sent = true;
          socket.write(
            'CONNECT {"verbose":false,"pedantic":false,"name":"opencen-health"}\r\nPING\r\n',
          );
        }
        if (text.includes('PONG\r\n')) done(null, true);
        else if (text.includes('-ERR'))
          done(new Error(text.slice(text.indexOf('-ERR')).split('\r\n')[0]));
      },
    },
    timeoutMs,
  );
}

// --- minimal BSON, enough for { ping: 1, $db: 'admin' } and reading `ok` from the reply ----------

function bsonEncode(doc) {
  const parts = [];
  for (const [key, value] of Object.entries(doc)) {
    const name = Buffer.concat([Buffer.from(key, 'utf8'), Buffer.from([0])]);
    if (typeof value === 'number' && Number.isInteger(value)) {
      const v = Buffer.alloc(4);
      v.writeInt32LE(value);
      parts.push(Buffer.from([0x10]), name, v);
    } else if (typeof value === 'string') {
      const s = Buffer.from(value, 'utf8');
      const len = Buffer.alloc(4);
      len.writeInt32LE(s.length + 1);
      parts.push(Buffer.from([0x02]), name, len, s, Buffer.from([0]));
    } else {
      throw new Error(`bsonEncode: unsupported value for ${key}`);
    }
  }
  const body = Buffer.concat(parts);
  const size = Buffer.alloc(4);
  size.writeInt32LE(body.length + 5);
  return Buffer.concat([size, body, Buffer.from([0])]);
}

const FIXED_SIZES = {
  0x01: 8,
  0x07: 12,
  0x08: 1,
  0x09: 8,
  0x0a: 0,
  0x10: 4,
  0x11: 8,
  0x12: 8,
  0x13: 16,
  0x7f: 0,
  0xff: 0,
};

/** Reads the top-level fields of a BSON document (numbers, strings, booleans; skips the rest). */
function bsonTopLevel(buf) {
  const out = {};
  const end = buf.readInt32LE(0) - 1;
  let i = 4;
  while (i < end) {
    const type = buf[i++];
    const nameEnd = buf.indexOf(0, i);
    const name = buf.toString('utf8', i, nameEnd);
    i = nameEnd + 1;
    if (type === 0x01) out[name] = buf.readDoubleLE(i);
    else if (type === 0x10) out[name] = buf.readInt32LE(i);
    else if (type === 0x12) out[name] = Number(buf.readBigInt64LE(i));
    else if (type === 0x08) out[name] = buf[i] === 1;
    else if (type === 0x02) out[name] = buf.toString('utf8', i + 4, i + 4 + buf.readInt32LE(i) - 1);
    if (type in FIXED_SIZES) i += FIXED_SIZES[type];
    else if (type === 0x02 || type === 0x0d || type === 0x0e) i += 4 + buf.readInt32LE(i);
    else if (type === 0x03 || type === 0x04) i += buf.readInt32LE(i);
    else if (type === 0x05) i += 5 + buf.readInt32LE(i);
    else if (type === 0x0b) i = buf.indexOf(0, buf.indexOf(0, i) + 1) + 1;
    else throw new Error(`bsonTopLevel: unsupported BSON type 0x${type.toString(16)}`);
  }
  return out;
}

/** MongoDB wire protocol: OP_MSG (2013) with one body section. */
function opMsg(requestId, doc) {
  const body = bsonEncode(doc);
  const header = Buffer.alloc(16 + 4 + 1);
  header.writeInt32LE(16 + 4 + 1 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(2013, 12);
  header.writeUInt32LE(0, 16); // flag bits
  header[20] = 0; // section kind 0: body
  return Buffer.concat([header, body]);
}

/** Sends `{ ping: 1 }` and resolves true when the reply says ok: 1. */
function mongoPing(host, port, timeoutMs) {
  return tcpExchange(
    host,
    port,
    {
      onConnect: (socket) => socket.write(opMsg(1, { ping: 1, $db: 'admin' })),
      onData(buffer, _socket, done) {
        if (buffer.length < 4 || buffer.length < buffer.readInt32LE(0)) return;
        if (buffer.readInt32LE(12) !== 2013) return done(new Error('unexpected reply opcode'));
        const reply = bsonTopLevel(buffer.subarray(21));
        if (reply.ok === 1) done(null, true);
        else done(new Error(`ping failed: ${reply.errmsg || JSON.stringify(reply)}`));
      },
    },
    timeoutMs,
  );
}

/** SMTP: the server greets with 220 (one that cannot take mail now greets with 554 or 421). */
function smtpGreeting(host, port, timeoutMs) {
  return tcpExchange(
    host,
    port,
    {
      onData(buffer, socket, done) {
        const text = buffer.toString('utf8');
        if (!text.includes('\r\n')) return;
        if (!text.startsWith('220'))
          return done(new Error(`SMTP greeting: ${text.split('\r\n')[0]}`));
        done(null, true);
      },
    },
    timeoutMs,
  );
}

/** Plain TCP connect (for servers we cannot speak to, e.g. behind TLS). */
function tcpOpen(host, port, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timeout')));
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', reject);
  });
}

/** Resolves true when nothing listens on host:port (we could bind it), false when it is taken. */
function portFree(port, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err) =>
      err.code === 'EADDRINUSE' || err.code === 'EACCES' ? resolve(false) : reject(err),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

module.exports = {
  httpGet,
  natsPing,
  mongoPing,
  smtpGreeting,
  tcpOpen,
  portFree,
  bsonEncode,
  bsonTopLevel,
  opMsg,
};
