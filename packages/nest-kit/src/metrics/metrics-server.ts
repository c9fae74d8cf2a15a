import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { metricsRegistry } from './metrics';

/**
 * A small HTTP listener that serves `GET /metrics` (Prometheus text format) and nothing else, on
 * a port of its own: services answer requests over NATS, and the gateway's HTTP port is the public
 * API, where metrics do not belong. Metrics are computed when scraped.
 */
export class MetricsServer {
  private constructor(private readonly server: Server) {}

  /** Listens on `host:port` (0: a free port, which {@link url} then names). */
  static async listen(port: number, host: string): Promise<MetricsServer> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' || path !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: GET /metrics\n');
        return;
      }
      metricsRegistry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
        (error: unknown) =>
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new MetricsServer(server);
  }

  /** Where Prometheus scrapes. */
  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    const host = address.includes(':') ? `[${address}]` : address;
    return `http://${host}:${port}/metrics`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
