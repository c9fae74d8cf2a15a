import { type AddressInfo } from 'node:net';
import express from 'express';
import { httpObserver } from './http-observer';
import { metricsRegistry } from './metrics';

describe('httpObserver', () => {
  it('counts requests by route template, never by path, and those no route answered apart', async () => {
    const app = express();
    app.use(httpObserver);
    app.get('/api/v1/things/:id', (_req, res) => void res.status(200).json({}));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await fetch(`${url}/api/v1/things/a-1?name=Ivanov`);
      await fetch(`${url}/api/v1/things/b-2`);
      await fetch(`${url}/nowhere/Ivanov`);
    } finally {
      server.close();
    }
    const text = await metricsRegistry.metrics();
    expect(text).toMatch(
      /^opencen_http_requests_total\{method="GET",route="\/api\/v1\/things\/:id",status="200"\} 2$/m,
    );
    expect(text).toMatch(
      /^opencen_http_requests_total\{method="GET",route="\(none\)",status="404"\} 1$/m,
    );
    expect(text).not.toMatch(/a-1|b-2|Ivanov/);
  });
});
