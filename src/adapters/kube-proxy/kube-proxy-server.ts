import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ProxyHandler, type ProxiedCluster } from './proxy-handler.ts';
import type { ProxyGate } from './proxy-gate.ts';
import { TokenReviewer } from './token-reviewer.ts';
import { Upstream, type UpstreamSource } from './upstream.ts';

/** What the proxy needs to start. */
export interface KubeProxyOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** PEM certificate (chain) and private key the proxy serves. */
  readonly tls: { readonly cert: string; readonly key: string };
  /** The clusters to serve, each at `/clusters/NAME`. */
  readonly clusters: readonly UpstreamSource[];
  readonly gate: ProxyGate;
  readonly logger: Logger;
  /** Clock for the TokenReview cache; default `Date.now`. */
  readonly now?: () => number;
}

/** A running proxy. */
export interface RunningKubeProxy {
  /** `https://host:port` as bound. */
  readonly url: string;
  readonly server: Server;
  /** Stops accepting, cuts open connections (held requests and watches end) and closes upstream pools. */
  close(): Promise<void>;
}

/**
 * Starts `countersign proxy`: an HTTPS server speaking the Kubernetes API for each
 * configured cluster at `/clusters/NAME`. Requests are never timed out by the
 * server (a held request or a watch may stay open for as long as it needs).
 */
export async function startKubeProxy(options: KubeProxyOptions): Promise<RunningKubeProxy> {
  const now = options.now ?? Date.now;
  const clusters = new Map<string, ProxiedCluster>();
  for (const source of options.clusters) {
    const upstream = new Upstream(source, now);
    clusters.set(source.name, { upstream, reviewer: new TokenReviewer(upstream, now) });
  }
  const handler = new ProxyHandler(clusters, options.gate, options.logger);
  const server = createServer({ cert: options.tls.cert, key: options.tls.key, requestTimeout: 0 });
  server.keepAliveTimeout = 65_000;
  server.on('request', (req, res) => handler.handleRequest(req, res));
  server.on('upgrade', (req, socket, head) => handler.handleUpgrade(req, socket, head));
  server.on('tlsClientError', (error) =>
    options.logger.debug({ err: error }, 'kube proxy: TLS handshake failed'),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `https://${host}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const cluster of clusters.values()) cluster.upstream.close();
      }),
  };
}
