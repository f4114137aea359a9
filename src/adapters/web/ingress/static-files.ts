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

/**
 * The console's only static assets, read once at start: the one script (live updates
 * and fetch POSTs) and the one stylesheet. Served with an ETag and `no-cache`, so a new
 * release is picked up at once and an unchanged file costs a 304.
 */
export class StaticFiles {
  private readonly files: ReadonlyMap<string, StaticFile>;

  constructor() {
    this.files = new Map([
      [CONSOLE_PATHS.script, load('console.js', 'text/javascript; charset=utf-8')],
      [CONSOLE_PATHS.styles, load('console.css', 'text/css; charset=utf-8')],
    ]);
  }

  /** Answers the request if it is for a static file; false otherwise. */
  serve(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const file = this.files.get(path);
    if (!file) return false;
    const headers = { 'content-type': file.type, etag: file.etag, 'cache-control': 'no-cache' };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers).end();
      return true;
    }
    res.writeHead(200, { ...headers, 'content-length': String(file.body.length) });
    res.end(req.method === 'HEAD' ? undefined : file.body);
    return true;
  }
}
