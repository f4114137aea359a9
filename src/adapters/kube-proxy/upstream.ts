import { Agent, request, type RequestOptions } from 'node:https';
import type { ClientRequest, OutgoingHttpHeaders } from 'node:http';
import { secureContextOf } from '../kubernetes/tls-context.ts';

/** How to reach one cluster's API server with Countersign's own credentials. */
export interface UpstreamSource {
  readonly name: string;
  /** URL of the API server, possibly with a path prefix. */
  readonly server: string;
  /** TLS settings and credentials for one request, fresh each time (tokens rotate). */
  httpsOptions(): Promise<RequestOptions>;
}

const CREDENTIAL_REFRESH_MS = 60_000;

/**
 * One cluster's API server as the proxy sends to it: a keep-alive connection pool
 * with the cluster's TLS settings, and Countersign's credentials refreshed every
 * minute. Every request it builds carries Countersign's credentials, so callers must
 * add impersonation headers: {@link forwardHeaders} does, and fails closed.
 */
export class Upstream {
  private readonly url: URL;
  private credentials: { at: number; options: Promise<RequestOptions> } | undefined;
  private agent: Agent | undefined;

  constructor(
    private readonly source: UpstreamSource,
    private readonly now: () => number = Date.now,
  ) {
    this.url = new URL(source.server);
  }

  /** The configured cluster name. */
  get name(): string {
    return this.source.name;
  }

  /**
   * Opens a request to `path` (absolute API path with query) on the API server with
   * `headers` plus Countersign's credentials. The caller writes the body and listens
   * for `response` or `upgrade`.
   */
  async open(method: string, path: string, headers: OutgoingHttpHeaders): Promise<ClientRequest> {
    const options = await this.options();
    // One TLS context for every connection (a watch, a held request, a busy pool).
    const agent = (this.agent ??= new Agent({
      keepAlive: true,
      secureContext: secureContextOf(options),
      ...(options.rejectUnauthorized !== undefined ? { rejectUnauthorized: options.rejectUnauthorized } : {}),
      ...(options.servername ? { servername: options.servername } : {}),
    }));
    const base = this.url.pathname.replace(/\/+$/, '');
    const own: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      // A kubeconfig `as:` would add impersonation of its own; the caller's identity wins.
      if (!/^impersonate-/i.test(name)) own[name.toLowerCase()] = value;
    }
    return request({
      protocol: 'https:',
      hostname: this.url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: this.url.port || 443,
      method,
      path: `${base}${path}`,
      agent,
      headers: { ...headers, ...own },
      ...(options.auth ? { auth: options.auth } : {}),
    });
  }

  /** Sends a small JSON request as Countersign itself (TokenReview, SubjectAccessReview) and reads the answer. */
  async json(
    method: string,
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<{ status: number; body: unknown }> {
    const payload = JSON.stringify(body);
    const req = await this.open(method, path, {
      'content-type': 'application/json',
      accept: 'application/json',
      'content-length': Buffer.byteLength(payload),
    });
    return new Promise((resolve, reject) => {
      const abort = (): void => {
        req.destroy(new Error('timed out'));
      };
      signal?.addEventListener('abort', abort, { once: true });
      req.once('error', (error) => {
        signal?.removeEventListener('abort', abort);
        reject(error);
      });
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () => {
          signal?.removeEventListener('abort', abort);
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.end(payload);
    });
  }

  /** Closes pooled connections. */
  close(): void {
    this.agent?.destroy();
  }

  private options(): Promise<RequestOptions> {
    const at = this.now();
    if (!this.credentials || at - this.credentials.at > CREDENTIAL_REFRESH_MS) {
      const options = this.source.httpsOptions();
      this.credentials = { at, options };
      options.catch(() => {
        if (this.credentials?.options === options) this.credentials = undefined;
      });
    }
    return this.credentials.options;
  }
}
