import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ApprovalGate } from '../adapters/kube-proxy/approval-gate.ts';
import { startKubeProxy } from '../adapters/kube-proxy/kube-proxy-server.ts';
import { ClusterRegistry } from '../adapters/kubernetes/cluster-registry.ts';
import { RedisChangeFeed } from '../adapters/store/redis-change-feed.ts';
import type { Config } from '../config/config.ts';
import type { IdentityRules } from '../core/identity/resolve-principal.ts';
import { ConfigInvalidError } from '../core/errors.ts';
import type { WorkflowDeps } from '../core/workflow/workflow-deps.ts';

/** A running `countersign proxy`, as a process runs it. */
export interface RunningConfiguredProxy {
  /** `https://host:port` as bound. */
  readonly url: string;
  /**
   * Shutdown: held requests answer "still waiting — re-run" (they stay pending, so a
   * re-run through another replica joins them), then connections close.
   */
  stop(): Promise<void>;
}

/**
 * Starts the kubectl proxy from the configuration: the TLS certificate and key read
 * from PROXY_TLS_CERT_PATH / PROXY_TLS_KEY_PATH, every configured cluster at
 * `/clusters/NAME` reached with Countersign's own kubeconfig context, and the
 * {@link ApprovalGate} on the process's workflow, linking callers to on-call users
 * through `identity`'s table (read at each call, so a reload applies). Held requests wake on the Redis
 * change feed (every replica hears every decision), with a slow re-read as backstop.
 * Throws `ConfigInvalidError` naming the setting when TLS is not configured or a file
 * cannot be read.
 */
export async function runKubeProxy(
  config: Pick<Config, 'proxy' | 'kubernetes' | 'redis'>,
  deps: WorkflowDeps,
  redis: Redis,
  logger: Logger,
  identity?: IdentityRules,
): Promise<RunningConfiguredProxy> {
  const { proxy } = config;
  if (!proxy.tls) {
    throw new ConfigInvalidError([
      {
        variable: 'PROXY_TLS_CERT_PATH',
        message:
          'required to run the kubectl proxy (with PROXY_TLS_KEY_PATH): kubectl talks to it over HTTPS',
      },
    ]);
  }
  const tls = {
    cert: readPem(proxy.tls.certPath, 'PROXY_TLS_CERT_PATH'),
    key: readPem(proxy.tls.keyPath, 'PROXY_TLS_KEY_PATH'),
  };
  const registry = ClusterRegistry.load({
    ...(config.kubernetes.kubeconfig ? { kubeconfig: config.kubernetes.kubeconfig } : {}),
    clusters: config.kubernetes.clusters,
  });
  const feed = new RedisChangeFeed(redis, { keyPrefix: config.redis.keyPrefix });
  const gate = new ApprovalGate({
    deps,
    ...(identity ? { identityTable: () => identity.table } : {}),
    watch: (listener) =>
      feed.subscribe((change) => listener('requestId' in change ? change.requestId : undefined)),
    holdLimitMs: proxy.holdLimitMs,
    rerunWindowMs: proxy.rerunWindowMs,
    holdLimitAnswer: proxy.holdLimitAnswer,
  });
  const running = await startKubeProxy({
    host: proxy.host,
    port: proxy.port,
    tls,
    clusters: registry.names().map((name) => {
      const connection = registry.get(name);
      return { name, server: connection.server, httpsOptions: () => connection.httpsOptions() };
    }),
    gate,
    logger,
  });
  logger.info(
    { url: running.url, publicUrl: proxy.publicUrl, clusters: registry.names() },
    'kubectl proxy is listening (countersign kubeconfig prints a kubeconfig for it)',
  );
  return {
    url: running.url,
    async stop() {
      await gate.drain();
      await running.close();
      await gate.close();
      await feed.close();
    },
  };
}

function readPem(path: string, variable: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigInvalidError([{ variable, message: `cannot read ${path} (${code})` }]);
  }
  if (!/-----BEGIN [A-Z ]+-----/.test(text)) {
    throw new ConfigInvalidError([{ variable, message: `${path} is not a PEM file` }]);
  }
  return text;
}
