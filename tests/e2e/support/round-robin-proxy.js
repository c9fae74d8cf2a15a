'use strict';
// A small HTTP load balancer on loopback, for test stacks with several gateways: each request goes
// to the next gateway in turn. Like a production balancer (nginx's proxy_next_upstream, an
// ingress), it sends a request to the next gateway when one refused the connection (the request
// never reached it), or failed before answering if the request is safe to send twice: a read, or
// a write with an Idempotency-Key. Anything else gets 502, and the client decides.

const http = require('node:http');

/** Methods whose repetition changes nothing. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** @param {http.IncomingMessage} request */
const safeToRepeat = (request) =>
  SAFE_METHODS.has(request.method ?? '') || request.headers['idempotency-key'] !== undefined;

/**
 * @param {string[]} upstreams base URLs of the gateways
 * @param {number} port where to listen on 127.0.0.1
 * @returns {Promise<{ port: number, close: () => Promise<void>, retried: () => number }>}
 */
async function startRoundRobinProxy(upstreams, port) {
  let next = 0;
  let retried = 0;
  const agent = new http.Agent({ keepAlive: true });

  /**
   * Sends the request to `upstream`; resolves to 'answered' once the answer is piped back,
   * 'refused' if no connection was made, 'failed' if it failed before answering anything.
   * @param {string} upstream
   * @param {http.IncomingMessage} request
   * @param {Buffer} body
   * @param {http.ServerResponse} response
   */
  const forward = (upstream, request, body, response) =>
    new Promise((resolve) => {
      const target = new URL(request.url ?? '/', upstream);
      const outgoing = http.request(
        target,
        { method: request.method, headers: request.headers, agent },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          answer.on('error', () => response.destroy());
          resolve('answered');
        },
      );
      outgoing.on('error', (/** @type {NodeJS.ErrnoException} */ error) =>
        resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'failed'),
      );
      outgoing.end(body);
    });

  const server = http.createServer((request, response) => {
    /** @type {Buffer[]} */
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const attempts = upstreams.length * 3;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const upstream = upstreams[next++ % upstreams.length] ?? '';
        const outcome = await forward(upstream, request, body, response);
        if (outcome === 'answered') return;
        if (outcome === 'failed' && !safeToRepeat(request)) break;
        retried += 1;
        // Each gateway was tried: give a restarting one a moment.
        if ((attempt + 1) % upstreams.length === 0) await new Promise((r) => setTimeout(r, 500));
      }
      if (!response.headersSent) {
        response.writeHead(502, { 'content-type': 'application/problem+json' });
        response.end(
          JSON.stringify({
            type: 'about:blank',
            title: 'Bad Gateway',
            status: 502,
            detail:
              'No gateway could take the request; it was not repeated because it may have been done.',
          }),
        );
      }
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  return {
    port,
    retried: () => retried,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}

module.exports = { startRoundRobinProxy };
