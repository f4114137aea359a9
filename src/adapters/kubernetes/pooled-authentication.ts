import type { RequestOptions } from 'node:https';
import type { KubeConfig, RequestContext, SecurityAuthentication } from '@kubernetes/client-node';
import type { Dispatcher } from './impersonation.ts';

/**
 * Applies a kubeconfig's credentials (bearer token, exec or file token, basic auth)
 * to each request, but sends every request through one dispatcher chosen by the
 * connection, so TLS connections are pooled and kept alive. client-node's own
 * `KubeConfig.applySecurityAuthentication` builds a fresh agent per request, which
 * costs a TLS handshake each time.
 */
export class PooledAuthentication implements SecurityAuthentication {
  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly dispatcher: () => Promise<Dispatcher | undefined>,
  ) {}

  getName(): string {
    return 'countersign pooled kubeconfig';
  }

  async applySecurityAuthentication(context: RequestContext): Promise<void> {
    const options: RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(options);
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value !== undefined)
        context.setHeaderParam(name, Array.isArray(value) ? value.join(', ') : String(value));
    }
    if (options.auth)
      context.setHeaderParam('Authorization', `Basic ${Buffer.from(options.auth).toString('base64')}`);
    const dispatcher = await this.dispatcher();
    if (dispatcher) context.setDispatcher(dispatcher);
  }
}
