import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { acceptUpgrade, encodeFrame, FrameReader, OPCODE } from './websocket-frames.ts';

/** The envelope types Socket Mode delivers. */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** An envelope as Slack sends it over the socket. */
export interface Envelope {
  readonly envelope_id: string;
  readonly type: EnvelopeType;
  readonly payload: Record<string, unknown>;
  readonly accepts_response_payload: boolean;
  readonly retry_attempt?: number;
  readonly retry_reason?: string;
}

/** An acknowledgement the app sent back. */
export interface EnvelopeAck {
  readonly envelopeId: string;
  readonly connection: number;
  readonly payload: Record<string, unknown> | undefined;
}

/** One WebSocket connection an app opened with a ticket from apps.connections.open. */
export interface SocketConnection {
  readonly id: number;
  open: boolean;
  /** Pings the client sent (the fake answers each with a pong). */
  pingsFromClient: number;
  /** Pongs the client sent in answer to the fake's pings. */
  pongsFromClient: number;
  /** Envelopes sent here that no ack answered yet. */
  readonly pending: Map<string, Envelope>;
}

/** Socket Mode's limits and timings in the fake. */
export interface FakeSocketModeOptions {
  readonly appToken: string;
  readonly appId?: string;
  /** How often the fake pings each connection (Slack: every few seconds). */
  readonly pingIntervalMs?: number;
  /** Open connections allowed per app (Slack: 10); one more is told `too_many_websockets`. */
  readonly maxConnections?: number;
  /** How long after a `disconnect` message the fake closes a connection the client left open. */
  readonly disconnectGraceMs?: number;
}

const DEBUG_HOST = 'applink-fake-1';

/**
 * Slack's Socket Mode, as documented, on the fake Slack's HTTP server:
 * `apps.connections.open` with the app-level token hands out a single-use
 * `ws://…/link/?ticket=…` URL; a connection gets `hello`, is pinged and answers pongs
 * to the client's pings; envelopes (`slash_commands`, `interactive`, `events_api`)
 * wait for an ack with the envelope ID (and a response payload where accepted); an
 * envelope not acknowledged when its connection drops is delivered again on the next
 * open connection (`retry_attempt` + 1); `disconnect` (refresh_requested,
 * link_disabled, too_many_websockets) tells a client to go, and the connection is
 * closed after a grace period if the client does not close it. Test code only.
 */
export class FakeSocketMode {
  readonly connections: SocketConnection[] = [];
  readonly acks: EnvelopeAck[] = [];
  /** What a client sent that Socket Mode does not accept (the connection was dropped for it). */
  readonly violations: string[] = [];
  /** Every envelope sent, redeliveries included, with the connection it went to. */
  readonly sent: { readonly connection: number; readonly envelope: Envelope }[] = [];
  /** Tickets handed out by apps.connections.open and not used yet. */
  private readonly tickets = new Set<string>();
  private readonly sockets = new Map<number, Duplex>();
  private readonly queued: Envelope[] = [];
  private readonly changes = new EventEmitter();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** How many `disconnect` messages went out, by reason. */
  private readonly disconnects = new Map<string, number>();
  private nextConnection = 1;
  private roundRobin = 0;
  private linkDisabled = false;

  constructor(
    private readonly options: FakeSocketModeOptions,
    private readonly baseUrl: () => string,
  ) {
    this.changes.setMaxListeners(0);
  }

  /** `apps.connections.open` as Slack answers it for `token`. */
  open(token: string | undefined): Record<string, unknown> {
    if (token === undefined || token === '') return { ok: false, error: 'not_authed' };
    if (token.startsWith('xoxb-') || token.startsWith('xoxp-'))
      return { ok: false, error: 'not_allowed_token_type' };
    if (token !== this.options.appToken) return { ok: false, error: 'invalid_auth' };
    if (this.linkDisabled) return { ok: false, error: 'socket_mode_disabled' };
    const ticket = randomUUID();
    this.tickets.add(ticket);
    const ws = this.baseUrl().replace(/^http/, 'ws');
    return { ok: true, url: `${ws}/link/?ticket=${ticket}&app_id=${this.options.appId ?? 'AFAKE0001'}` };
  }

  /** Takes an HTTP upgrade to `/link/`; anything else (or a used ticket) is refused. */
  upgrade(req: IncomingMessage, socket: Duplex): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    if (!acceptUpgrade(req, socket)) return;
    const connection: SocketConnection = {
      id: this.nextConnection++,
      open: true,
      pingsFromClient: 0,
      pongsFromClient: 0,
      pending: new Map(),
    };
    this.connections.push(connection);
    this.sockets.set(connection.id, socket);
    const reader = new FrameReader();
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of reader.push(chunk)) this.onFrame(connection, frame.opcode, frame.payload);
      } catch (error) {
        this.violations.push(error instanceof Error ? error.message : String(error));
        this.drop(connection);
      }
    });
    socket.on('close', () => this.closed(connection));
    socket.on('error', () => this.closed(connection));
    const open = this.connections.filter((c) => c.open).length;
    if (open > (this.options.maxConnections ?? 10)) {
      this.tell(connection, 'too_many_websockets');
      this.closeLater(connection);
      return;
    }
    this.sendJson(connection, {
      type: 'hello',
      num_connections: open,
      debug_info: { host: DEBUG_HOST, build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.options.appId ?? 'AFAKE0001' },
    });
    const ping = setInterval(() => {
      if (connection.open) socket.write(encodeFrame(OPCODE.ping, Buffer.from(String(Date.now()))));
    }, this.options.pingIntervalMs ?? 5000);
    ping.unref();
    socket.once('close', () => clearInterval(ping));
    this.changes.emit('change');
    this.flushQueue();
  }

  /**
   * Sends an envelope of `type` with `payload` to an open connection (`to`, or the
   * next in turn; queued until one is open) and resolves with its ack, whichever
   * connection it finally arrives on. `cutAfterSend` drops that connection right after
   * the envelope was written, as a network failure would.
   */
  deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    options: { to?: number; cutAfterSend?: boolean; timeoutMs?: number } = {},
  ): Promise<EnvelopeAck> {
    const envelope: Envelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
    };
    const acked = this.waitFor(
      () => this.acks.find((a) => a.envelopeId === envelope.envelope_id),
      options.timeoutMs,
    );
    this.send(envelope, options.to, options.cutAfterSend === true);
    return acked;
  }

  /** Sends `disconnect` with `reason` to one connection (or every open one). */
  disconnect(
    reason: 'refresh_requested' | 'link_disabled' | 'too_many_websockets',
    connection?: number,
  ): void {
    if (reason === 'link_disabled') this.linkDisabled = true;
    for (const c of this.connections.filter(
      (c) => c.open && (connection === undefined || c.id === connection),
    )) {
      this.tell(c, reason);
      this.closeLater(c);
    }
  }

  /** Lets apps.connections.open hand out tickets again after `link_disabled`. */
  enableLink(): void {
    this.linkDisabled = false;
  }

  /** Drops a connection without a close handshake. */
  drop(connection: SocketConnection): void {
    this.sockets.get(connection.id)?.destroy();
    this.closed(connection);
  }

  /** Open connections now. */
  /** How many connections were sent `disconnect` with `reason` so far. */
  told(reason: 'refresh_requested' | 'link_disabled' | 'too_many_websockets'): number {
    return this.disconnects.get(reason) ?? 0;
  }

  openConnections(): SocketConnection[] {
    return this.connections.filter((c) => c.open);
  }

  /** Resolves with the first truthy result of `check`, re-checked on every socket event. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = (): boolean => {
        const result = check();
        if (result === undefined || result === false) return false;
        clearTimeout(timer);
        this.changes.off('change', attempt);
        resolve(result);
        return true;
      };
      const timer = setTimeout(() => {
        this.changes.off('change', attempt);
        reject(new Error(`fake Socket Mode: condition not met within ${timeoutMs} ms (${this.describe()})`));
      }, timeoutMs);
      if (!attempt()) this.changes.on('change', attempt);
    });
  }

  /** Closes every connection. */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of this.sockets.values()) socket.destroy();
  }

  private describe(): string {
    const open = this.openConnections().map((c) => c.id);
    return `open connections: [${open.join(', ')}], acks: ${this.acks.length}, queued: ${this.queued.length}`;
  }

  private tell(connection: SocketConnection, reason: string): void {
    this.disconnects.set(reason, (this.disconnects.get(reason) ?? 0) + 1);
    this.sendJson(connection, { type: 'disconnect', reason, debug_info: { host: DEBUG_HOST } });
  }

  private send(envelope: Envelope, to: number | undefined, cut: boolean): void {
    const open = this.openConnections();
    const target =
      to === undefined ? open[this.roundRobin++ % Math.max(open.length, 1)] : open.find((c) => c.id === to);
    if (!target) {
      this.queued.push(envelope);
      return;
    }
    target.pending.set(envelope.envelope_id, envelope);
    this.sent.push({ connection: target.id, envelope });
    this.sendJson(target, envelope);
    if (cut) this.drop(target);
  }

  private flushQueue(): void {
    const waiting = this.queued.splice(0);
    for (const envelope of waiting) this.send(envelope, undefined, false);
  }

  private onFrame(connection: SocketConnection, opcode: number, payload: Buffer): void {
    const socket = this.sockets.get(connection.id);
    if (opcode === OPCODE.ping) {
      connection.pingsFromClient++;
      socket?.write(encodeFrame(OPCODE.pong, payload));
    } else if (opcode === OPCODE.pong) {
      connection.pongsFromClient++;
    } else if (opcode === OPCODE.close) {
      socket?.end(encodeFrame(OPCODE.close, payload.subarray(0, 2)));
      this.closed(connection);
    } else if (opcode === OPCODE.text) {
      this.onAck(connection, payload.toString('utf8'));
    }
    this.changes.emit('change');
  }

  private onAck(connection: SocketConnection, text: string): void {
    const ack = JSON.parse(text) as { envelope_id?: unknown; payload?: unknown };
    if (typeof ack.envelope_id !== 'string') throw new Error(`an ack without envelope_id: ${text}`);
    const envelope = connection.pending.get(ack.envelope_id);
    if (!envelope)
      throw new Error(`an ack for an envelope not pending on connection ${connection.id}: ${text}`);
    const payload =
      typeof ack.payload === 'object' && ack.payload !== null && Object.keys(ack.payload).length > 0
        ? (ack.payload as Record<string, unknown>)
        : undefined;
    if (payload && !envelope.accepts_response_payload)
      throw new Error(`a response payload for a ${envelope.type} envelope, which accepts none`);
    connection.pending.delete(ack.envelope_id);
    this.acks.push({ envelopeId: ack.envelope_id, connection: connection.id, payload });
  }

  private closed(connection: SocketConnection): void {
    if (!connection.open) return;
    connection.open = false;
    this.sockets.delete(connection.id);
    const unacked = [...connection.pending.values()];
    connection.pending.clear();
    for (const envelope of unacked) {
      this.queued.push({
        ...envelope,
        ...(envelope.type === 'events_api'
          ? { retry_attempt: (envelope.retry_attempt ?? 0) + 1, retry_reason: 'timeout' }
          : {}),
      });
    }
    this.flushQueue();
    this.changes.emit('change');
  }

  private closeLater(connection: SocketConnection): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const socket = this.sockets.get(connection.id);
      socket?.end(encodeFrame(OPCODE.close, Buffer.from([0x03, 0xe8])));
      this.closed(connection);
    }, this.options.disconnectGraceMs ?? 1000);
    timer.unref();
    this.timers.add(timer);
  }

  private sendJson(connection: SocketConnection, message: unknown): void {
    this.sockets.get(connection.id)?.write(encodeFrame(OPCODE.text, Buffer.from(JSON.stringify(message))));
  }
}
