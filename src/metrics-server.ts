import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { AppError } from './errors.ts';

/** Whether the service can answer, and if not, why (shown in the body of a 503). */
export type Health = { readonly ready: true } | { readonly ready: false; readonly reason: string };

/** A listening metrics endpoint. */
export interface MetricsServer {
  /** `http://host:port`, with the port actually bound (METRICS_PORT=0 picks a free one). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /healthz` (200 `{"status":"ok"}` when `health()` is ready, else 503 with the
 * reason) and `GET /metrics` (Prometheus text format from `registry`) on `host:port`.
 * Anything else is 404. Holds no question text, so there is none to leak.
 */
export async function startMetricsServer({ host, port, registry, health }: { host: string; port: number; registry: Registry; health: () => Health }): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://metrics').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/healthz') {
      const state = health();
      response
        .writeHead(state.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(state.ready ? { status: 'ok' } : { status: 'unavailable', reason: state.reason }));
    } else if (path === '/metrics') {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}`),
      );
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new AppError('METRICS_UNAVAILABLE', `cannot serve metrics on ${host}:${port}: ${error.message} (check METRICS_HOST and METRICS_PORT)`, { cause: error })),
    );
    server.listen(port, host, () => resolve());
  });
  // Scrapes and probes are short: never let a kept-alive socket hold up shutdown.
  server.keepAliveTimeout = 1000;
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
