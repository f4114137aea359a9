import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Maps stack frames in the compiled files under `root` (a `file:` URL ending in `/`, e.g.
 * dist/) to their TypeScript sources, and leaves every other frame as V8 prints it. A
 * file's source map (`<file>.js.map`) is read only when a stack through that file is first
 * formatted, then kept; a file without a readable map keeps its JavaScript position.
 *
 * For Node without `module.setSourceMapsSupport` (before 22.14), whose own source maps
 * cannot leave node_modules out: with them on, every module loaded at start-up had its map
 * read and parsed up front (client-node alone ships ~900 maps), ~15 MB of an idle
 * `countersign start`. Installs `Error.prepareStackTrace`; Node's maps must be off.
 */
export function mapOwnStackFrames(root: string): void {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (file: string): SourceMap | null => {
    let map = maps.get(file);
    if (map === undefined) {
      map = readSourceMap(file);
      maps.set(file, map);
    }
    return map;
  };
  const frame = (site: NodeJS.CallSite): string => {
    // V8's CallSite prints itself as V8's own stack line (a toString the typings lack).
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    const text = String(site);
    const file = site.getFileName();
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (!file?.startsWith(root) || line === null || column === null) return text;
    const entry = mapOf(file)?.findEntry(line - 1, column - 1);
    if (!entry || !('originalSource' in entry)) return text;
    const generated = `${file}:${line}:${column}`;
    const at = text.lastIndexOf(generated);
    if (at < 0) return text;
    const original = `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    return text.slice(0, at) + original + text.slice(at + generated.length);
  };
  Error.prepareStackTrace = (error: unknown, trace: NodeJS.CallSite[]): string => {
    let header: string;
    try {
      header = Error.prototype.toString.call(error);
    } catch {
      header = '<error>';
    }
    return trace.length === 0 ? header : `${header}\n    at ${trace.map(frame).join('\n    at ')}`;
  };
}

/** The source map next to a compiled file (`file` a `file:` URL), its sources as paths; null if none. */
function readSourceMap(file: string): SourceMap | null {
  try {
    const mapUrl = new URL(`${file}.map`);
    const payload = JSON.parse(readFileSync(fileURLToPath(mapUrl), 'utf8')) as SourceMapPayload;
    const base = new URL(payload.sourceRoot || '.', mapUrl);
    const sources = payload.sources.map((source) => fileURLToPath(new URL(source, base)));
    return new SourceMap({ ...payload, sources, sourceRoot: '' });
  } catch {
    return null;
  }
}
