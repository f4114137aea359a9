import type { AgentOptions, RequestOptions } from 'node:https';
import {
  createConfiguration,
  HttpMethod,
  type KubeConfig,
  type Middleware,
  RequestContext,
  ServerConfiguration,
} from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { Agent } from 'undici';
import { CountersignError } from '../../core/errors.ts';
import type { ExecuteIdentity } from '../../core/ports/cluster.ts';
import { type ApiClients, createApiClients } from './api-clients.ts';
import { type Dispatcher, impersonating, refuseReservedIdentity } from './impersonation.ts';
import { PooledAuthentication } from './pooled-authentication.ts';
import { reusingConnections } from './reused-connections.ts';
import { secureContextOf } from './tls-context.ts';

/** Default limit on one API call, headers and body, before it counts as a transient failure. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

const MAX_CACHED_IDENTITIES = 500;

/**
 * How long a pooled connection to the API server may stay idle: under the API
 * server's own idle timeout (90 s), so it is Countersign that closes it.
 */
const IDLE_CONNECTION_MS = 30_000;

/**
 * One configured cluster: its kubeconfig (current context set), one pooled
 * connection to its API server, and the clients for each identity Countersign acts
 * as there, created on first use and kept (the 500 most recently used). A requester
 * identity reuses the pool and adds impersonation headers.
 */
export class ClusterConnection {
  private base: Promise<Dispatcher | undefined> | undefined;
  private readonly clientsByIdentity = new LRUCache<string, ApiClients>({ max: MAX_CACHED_IDENTITIES });

  constructor(
    readonly name: string,
    private readonly kubeConfig: KubeConfig,
    private readonly requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {}

  /** URL of the API server. */
  get server(): string {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster)
      throw new CountersignError(
        'cluster_config_invalid',
        `Cluster ${this.name} has no server in its kubeconfig context.`,
      );
    return cluster.server;
  }

  /**
   * TLS settings and Countersign's own credentials (an `Authorization` header or a
   * client certificate) for a raw HTTPS request to this API server, fresh on every
   * call so rotated tokens are picked up. Used by the kubectl proxy, which forwards
   * requests it has not parsed.
   */
  async httpsOptions(): Promise<RequestOptions> {
    const options: RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(options);
    return options;
  }

  /** The clients for `identity`; the same object for the same identity every time. */
  clients(identity: ExecuteIdentity): ApiClients {
    if (identity.kind === 'requester') refuseReservedIdentity(identity);
    const key = identityKey(identity);
    let clients = this.clientsByIdentity.get(key);
    if (!clients) {
      let dispatcher: Promise<Dispatcher | undefined> | undefined;
      const dispatcherOnce = () =>
        (dispatcher ??= this.dispatcherFor(identity).catch((error: unknown) => {
          dispatcher = undefined;
          throw error;
        }));
      clients = createApiClients(
        createConfiguration({
          baseServer: new ServerConfiguration(this.server, {}),
          authMethods: { default: new PooledAuthentication(this.kubeConfig, dispatcherOnce) },
          promiseMiddleware: [timeoutMiddleware(this.requestTimeoutMs)],
        }),
      );
      this.clientsByIdentity.set(key, clients);
    }
    return clients;
  }

  /** Countersign's own pooled dispatcher, or that pool wrapped to impersonate the requester. */
  private async dispatcherFor(identity: ExecuteIdentity): Promise<Dispatcher | undefined> {
    this.base ??= this.baseDispatcher().catch((error: unknown) => {
      this.base = undefined;
      throw error;
    });
    const base = await this.base;
    if (identity.kind === 'countersign') return base;
    if (!base) {
      throw new CountersignError(
        'impersonation_unavailable',
        `Cluster ${this.name}: acting as the requester needs a TLS setting in the kubeconfig (certificate-authority-data or a client certificate).`,
      );
    }
    return impersonating(base, identity);
  }

  /**
   * The dispatcher for this context, built once, keeping connections open after a
   * request with a body (see {@link reusingConnections}). A direct TLS connection (the
   * usual case) goes through a pool whose connections share one TLS context and stay
   * open {@link IDLE_CONNECTION_MS} between requests (see {@link secureContextOf}):
   * client-node's own pool made a TLS context per connection and closes a connection
   * idle for 4 s, so a burst after a pause paid a full handshake per
   * connection on both ends. Through a proxy, client-node's dispatcher is used as built.
   */
  private async baseDispatcher(): Promise<Dispatcher | undefined> {
    const tls: AgentOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(tls);
    const options = this.kubeConfig.createDispatcherOptions(this.kubeConfig.getCurrentCluster(), tls);
    if (options.type === 'agent' && options.connect) {
      const { ca, cert, key, pfx, passphrase, ...connect } = options.connect;
      const secureContext = secureContextOf({ ca, cert, key, pfx, passphrase });
      return reusingConnections(
        new Agent({ connect: { ...connect, secureContext }, keepAliveTimeout: IDLE_CONNECTION_MS }),
      );
    }
    const probe = new RequestContext(this.server, HttpMethod.GET);
    await this.kubeConfig.applySecurityAuthentication(probe);
    const dispatcher = probe.getDispatcher();
    return dispatcher && reusingConnections(dispatcher);
  }
}

function identityKey(identity: ExecuteIdentity): string {
  return identity.kind === 'countersign'
    ? 'countersign'
    : JSON.stringify([identity.username, [...identity.groups].sort()]);
}

function timeoutMiddleware(ms: number): Middleware {
  return {
    pre: (context) => {
      context.setSignal(AbortSignal.timeout(ms));
      return Promise.resolve(context);
    },
    post: (response) => Promise.resolve(response),
  };
}
