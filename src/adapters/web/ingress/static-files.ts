import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONSOLE_PATHS } from '../console-paths.ts';

interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

function load(name: string, type: string): StaticFile {
  const body = readFileSync(new URL(`../static/${name}`, import.meta.url));
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, type, etag };
}

/** The console's one script and one stylesheet, read once, served with an ETag and `no-cache` (a 304 when unchanged). */
export class StaticFiles {
  private readonly files = new Map<string, StaticFile>([
    [CONSOLE_PATHS.script, load('console.js', 'text/javascript; charset=utf-8')],
    [CONSOLE_PATHS.styles, load('console.css', 'text/css; charset=utf-8')],
  ]);

  /** Answers the request if it is for a static file; false otherwise. */
  serve(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const file = this.files.get(path);
    if (!file) return false;
    const headers = { 'content-type': file.type, etag: file.etag, 'cache-control': 'no-cache' };
    if (req.headers['if-none-match'] === file.etag) res.writeHead(304, headers).end();
    else {
      res.writeHead(200, { ...headers, 'content-length': String(file.body.length) });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    }
    return true;
  }
}
