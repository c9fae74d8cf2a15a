'use strict';

const http = require('node:http');
const net = require('node:net');
const {
  bsonEncode,
  bsonTopLevel,
  opMsg,
  mongoPing,
  natsPing,
  smtpGreeting,
  portFree,
  httpGet,
} = require('../lib/health');

/** A TCP server on a random loopback port; `onSocket` plays the server's side. */
async function fakeServer(onSocket) {
  const server = net.createServer(onSocket);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function mongoReply(doc) {
  const msg = opMsg(7, {});
  const body = bsonEncode(doc);
  const header = msg.subarray(0, 21);
  header.writeInt32LE(21 + body.length, 0);
  return Buffer.concat([header, body]);
}

describe('minimal BSON', () => {
  it('round-trips the fields a ping needs', () => {
    expect(bsonTopLevel(bsonEncode({ ping: 1, $db: 'admin' }))).toEqual({ ping: 1, $db: 'admin' });
  });

  it('reads doubles and skips nested documents', () => {
    // { ok: 1.0, topologyVersion: { counter: 0 }, note: "x" } written by hand
    const nested = bsonEncode({ counter: 0 });
    const ok = Buffer.alloc(8);
    ok.writeDoubleLE(1);
    const parts = [
      Buffer.from([0x01]),
      Buffer.from('ok\0'),
      ok,
      Buffer.from([0x03]),
      Buffer.from('topologyVersion\0'),
      nested,
      Buffer.from([0x02]),
      Buffer.from('note\0'),
      Buffer.from([2, 0, 0, 0]),
      Buffer.from('x\0'),
    ];
    const body = Buffer.concat(parts);
    const size = Buffer.alloc(4);
    size.writeInt32LE(body.length + 5);
    expect(bsonTopLevel(Buffer.concat([size, body, Buffer.from([0])]))).toEqual({
      ok: 1,
      note: 'x',
    });
  });
});

describe('mongoPing', () => {
  it('sends an OP_MSG ping to the admin database and accepts ok: 1', async () => {
    let request = null;
    const server = await fakeServer((socket) =>
      socket.once('data', (data) => {
        request = data;
        socket.write(mongoReply({ ok: 1 }));
      }),
    );
    try {
      await expect(mongoPing('127.0.0.1', server.port, 2000)).resolves.toBe(true);
      expect(request.readInt32LE(12)).toBe(2013);
      expect(bsonTopLevel(request.subarray(21))).toEqual({ ping: 1, $db: 'admin' });
    } finally {
      await server.close();
    }
  });

  it('fails when the server says ok: 0', async () => {
    const server = await fakeServer((socket) =>
      socket.once('data', () => socket.write(mongoReply({ ok: 0, errmsg: 'not yet' }))),
    );
    try {
      await expect(mongoPing('127.0.0.1', server.port, 2000)).rejects.toThrow(/not yet/);
    } finally {
      await server.close();
    }
  });
});

describe('natsPing', () => {
  it('answers INFO with CONNECT + PING and waits for PONG', async () => {
    const server = await fakeServer((socket) => {
      socket.write('INFO {"server_id":"x"}\r\n');
      socket.on('data', (d) => String(d).includes('PING') && socket.write('PONG\r\n'));
    });
    try {
      await expect(natsPing('127.0.0.1', server.port, 2000)).resolves.toBe(true);
    } finally {
      await server.close();
    }
  });

  it('rejects something that is not NATS', async () => {
    const server = await fakeServer((socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    try {
      await expect(natsPing('127.0.0.1', server.port, 2000)).rejects.toThrow(/not a NATS server/);
    } finally {
      await server.close();
    }
  });
});

describe('smtpGreeting', () => {
  it('accepts a server that greets with 220, even in two pieces', async () => {
    const server = await fakeServer((socket) => {
      socket.write('220 mail.example ESMTP');
      setTimeout(() => socket.write(' ready\r\n'), 20);
    });
    await expect(smtpGreeting('127.0.0.1', server.port, 1000)).resolves.toBe(true);
    await server.close();
  });

  it('rejects a server that cannot take mail now, or is not SMTP', async () => {
    const busy = await fakeServer((socket) => socket.write('421 too busy\r\n'));
    await expect(smtpGreeting('127.0.0.1', busy.port, 1000)).rejects.toThrow(
      'SMTP greeting: 421 too busy',
    );
    await busy.close();
    const nats = await fakeServer((socket) => socket.write('INFO {}\r\n'));
    await expect(smtpGreeting('127.0.0.1', nats.port, 1000)).rejects.toThrow(/SMTP greeting: INFO/);
    await nats.close();
  });
});

describe('httpGet', () => {
  it('sends the credentials of the URL as basic authentication (OPENSEARCH_URL=http://user:pass@…)', async () => {
    let authorization = null;
    const server = http.createServer((req, res) => {
      authorization = req.headers.authorization;
      res.end('{"status":"green"}');
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address();
      await expect(
        httpGet(`http://cases:p%40ss@127.0.0.1:${port}/_cluster/health`),
      ).resolves.toEqual({ status: 200, body: '{"status":"green"}' });
      expect(authorization).toBe(`Basic ${Buffer.from('cases:p@ss').toString('base64')}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('portFree', () => {
  it('tells a taken port from a free one', async () => {
    const server = await fakeServer(() => {});
    try {
      await expect(portFree(server.port)).resolves.toBe(false);
    } finally {
      await server.close();
    }
    await expect(portFree(server.port)).resolves.toBe(true);
  });
});
