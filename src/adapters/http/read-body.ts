import type { IncomingMessage } from 'node:http';

/**
 * Reads a request's whole body, or stops at the first chunk that takes it past
 * `maxBytes` and resolves to undefined (the rest is left unread; a caller that answers
 * on the same connection should `req.resume()` first). Never buffers more than
 * `maxBytes` plus one chunk.
 */
export async function readBodyWithin(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
