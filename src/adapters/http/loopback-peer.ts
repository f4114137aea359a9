import type { IncomingMessage } from 'node:http';

/**
 * True when a request came straight from this machine: its TCP peer is a loopback
 * address (127.0.0.0/8, ::1, or IPv4-mapped 127.x) and it carries no proxy header
 * (`Forwarded`, `X-Forwarded-For`), since a local reverse proxy would otherwise relay
 * anyone. Dev-users mode checks this on every request, not only the bind address.
 */
export function isLoopbackPeer(req: IncomingMessage): boolean {
  if (req.headers.forwarded !== undefined || req.headers['x-forwarded-for'] !== undefined) return false;
  const address = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address);
}
