import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { readBodyWithin } from '../http/read-body.ts';
import type { Caller } from './caller.ts';
import { callerImpersonation } from './caller-impersonation.ts';
import { forwardHeaders } from './forward-headers.ts';
import { forwardRequest, forwardUpgrade, headBlock } from './forward-request.ts';
import { statusBody, statusCode, type StatusReason } from './kube-status.ts';
import { ProxyUnavailableError } from './proxy-error.ts';
import type { ApiCall, GateVerdict, ProxyGate } from './proxy-gate.ts';
import type { TokenReviewer } from './token-reviewer.ts';
import type { Upstream } from './upstream.ts';

/** The API server's own limit on a request body; larger ones are refused before reading on. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** One cluster the proxy serves: where to send, and how to learn who is calling. */
export interface ProxiedCluster {
  readonly upstream: Upstream;
  readonly reviewer: TokenReviewer;
}

/** A failure answered as a `kind: Status` before anything was forwarded. */
interface Refusal {
  readonly reason: StatusReason;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Either side of the client connection: a normal response, or a socket asking to upgrade. */
type ClientEnd =
  | { readonly kind: 'http'; readonly res: ServerResponse }
  | { readonly kind: 'upgrade'; readonly socket: Duplex; readonly head: Buffer };

const CLUSTER_PATH = /^\/clusters\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\/.*)?$/;

/**
 * The proxy's request pipeline, for plain requests and upgrades alike: find the
 * cluster from `/clusters/NAME/...`, authenticate the bearer token (TokenReview),
 * check any `--as` the client asked for, read the body, let the gate decide, then
 * forward as the caller — streaming, exactly once. Every refusal is a `kind: Status`
 * that kubectl prints.
 */
export class ProxyHandler {
  constructor(
    private readonly clusters: ReadonlyMap<string, ProxiedCluster>,
    private readonly gate: ProxyGate,
    private readonly logger: Logger,
  ) {}

  /** Handles one plain HTTP request. */
  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    this.handle(req, { kind: 'http', res }).catch((error: unknown) =>
      this.failed(error, { kind: 'http', res }),
    );
  }

  /** Handles one `Upgrade:` request (exec, attach, port-forward). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const end: ClientEnd = { kind: 'upgrade', socket, head };
    this.handle(req, end).catch((error: unknown) => this.failed(error, end));
  }

  private async handle(req: IncomingMessage, end: ClientEnd): Promise<void> {
    const match = CLUSTER_PATH.exec((req.url ?? '/').split('?')[0] ?? '/');
    const name = match?.[1];
    const cluster = name === undefined ? undefined : this.clusters.get(name);
    if (!cluster || name === undefined) {
      const known = [...this.clusters.keys()].map((n) => `/clusters/${n}`).join(', ');
      return refuse(end, {
        reason: 'NotFound',
        message: `countersign proxy: no cluster at ${req.url ?? '/'}; serve one of ${known}`,
      });
    }
    const path = (req.url ?? '/').slice(`/clusters/${name}`.length) || '/';
    const authenticated = await this.authenticate(cluster, req);
    if ('reason' in authenticated) return refuse(end, authenticated);
    let caller: Caller = authenticated;
    const as = await callerImpersonation(cluster.upstream, caller, req.headers);
    if (as.kind === 'refused') return refuse(end, { reason: 'Forbidden', message: as.message });
    if (as.kind === 'as') caller = as.caller;

    let body: Buffer | undefined;
    if (end.kind === 'http' && req.method !== 'GET' && req.method !== 'HEAD') {
      body = await readBodyWithin(req, MAX_BODY_BYTES);
      if (body === undefined) {
        return refuse(end, {
          reason: 'RequestEntityTooLarge',
          message: `countersign proxy: request body over ${MAX_BODY_BYTES} bytes`,
        });
      }
    }
    const call: ApiCall = {
      cluster: name,
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      ...(body !== undefined ? { body } : {}),
      upgrade: end.kind === 'upgrade',
    };
    const gone = new AbortController();
    const onClose = (): void => gone.abort();
    const closer = end.kind === 'http' ? end.res : end.socket;
    closer.once('close', onClose);
    let verdict: GateVerdict;
    try {
      verdict = await this.gate.admit(call, caller, gone.signal);
    } finally {
      closer.off('close', onClose);
    }
    if (gone.signal.aborted) return;
    if (verdict.kind === 'refuse') {
      return refuse(end, {
        reason: verdict.reason ?? (verdict.retryAfterSeconds !== undefined ? 'TooManyRequests' : 'Forbidden'),
        message: verdict.message,
        ...(verdict.retryAfterSeconds !== undefined
          ? { headers: { 'retry-after': String(verdict.retryAfterSeconds) } }
          : {}),
      });
    }
    const approved = verdict.kind === 'approved' ? verdict : undefined;
    const headers = forwardHeaders(req.headers, caller, {
      upgrade: end.kind === 'upgrade',
      ...(approved ? { extraGroups: approved.extraGroups, extra: approved.extra } : {}),
    });
    const extra = approved ? { warning: approved.warning } : {};
    try {
      const forwarded =
        end.kind === 'http'
          ? await forwardRequest(cluster.upstream, req, end.res, path, headers, body, extra)
          : await forwardUpgrade(cluster.upstream, req, end.socket, end.head, path, headers, extra);
      await approved?.done({ status: forwarded.status });
    } catch (error) {
      await approved?.done({ error: (error as Error).message });
      throw error;
    }
  }

  private async authenticate(cluster: ProxiedCluster, req: IncomingMessage): Promise<Caller | Refusal> {
    const header = req.headers.authorization;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (!token) {
      return {
        reason: 'Unauthorized',
        message: header
          ? 'countersign proxy: only bearer tokens are accepted (the Authorization header is not "Bearer TOKEN")'
          : 'countersign proxy: send a bearer token; client-certificate kubeconfigs cannot be checked by the proxy, use a token or an exec credential plugin (see countersign kubeconfig)',
      };
    }
    const caller = await cluster.reviewer.review(token);
    if (!caller)
      return { reason: 'Unauthorized', message: 'countersign proxy: the cluster does not accept this token' };
    return caller;
  }

  private failed(error: unknown, end: ClientEnd): void {
    if (error instanceof ProxyUnavailableError) {
      this.logger.warn({ err: error }, 'kube proxy: upstream unavailable');
      refuse(end, { reason: 'ServiceUnavailable', message: `countersign proxy: ${error.message}` });
      return;
    }
    this.logger.error({ err: error }, 'kube proxy: request failed');
    refuse(end, {
      reason: 'InternalError',
      message: 'countersign proxy: internal error (see the proxy log)',
    });
  }
}

function refuse(end: ClientEnd, refusal: Refusal): void {
  if (end.kind === 'http') {
    const { res } = end;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = statusBody(refusal.reason, refusal.message);
    res.writeHead(statusCode(refusal.reason), {
      ...refusal.headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
    return;
  }
  const body = statusBody(refusal.reason, refusal.message);
  if (!end.socket.writable) return;
  end.socket.end(
    headBlock(statusCode(refusal.reason), refusal.reason, {
      ...refusal.headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    }) + body,
  );
}
