import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Logger } from '../adapters/log/logger.ts';

/** A value read from a file, swapped whole when the file changes. */
export interface WatchedFile<T> {
  /** The value now; never a half-loaded one. */
  current(): T;
  /** Stops watching the file. */
  close(): void;
}

/** A change of a watched file as the audit records it. */
export interface FileReload {
  readonly file: string;
  /** SHA-256 of the file's new contents, hex (of the empty string when it could not be read). */
  readonly sha256: string;
  /** False when the new file could not be used and the previous value stayed in force. */
  readonly applied: boolean;
  readonly error?: string;
}

/** How a file is watched. */
export interface WatchOptions {
  /** False reads the file once; default true. */
  readonly watch?: boolean;
  /** How often the file is looked at, in ms; default 2000. */
  readonly pollMs?: number;
  /** Told of every change seen: the new file's SHA-256 and whether it took effect (for the audit). */
  readonly onReload?: (reload: FileReload) => void;
}

/** What the file holds, for log lines (`policy`, `identity table`), and how to read it. */
export interface FileKind<T> {
  readonly name: string;
  /** Parses and validates the text; throws naming what is wrong. */
  readonly load: (text: string) => T;
  /** Details of a validation error worth logging beside its message (the bad fields). */
  readonly issuesOf?: (error: unknown) => unknown;
}

/** SHA-256 of `text` (UTF-8), hex. */
export function sha256Of(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const DEFAULT_POLL_MS = 2000;

/**
 * What identifies one version of the file without reading it. `stat` follows
 * symlinks, so a Kubernetes ConfigMap update (its `..data` symlink swapped to a new
 * directory) shows as a new inode.
 */
function fingerprint(path: string): string {
  try {
    const stat = statSync(path);
    return `${String(stat.ino)}:${String(stat.size)}:${String(stat.mtimeMs)}`;
  } catch {
    return 'missing';
  }
}

/**
 * Loads `path` with `kind.load` (a bad file at start throws) and, unless `watch` is
 * false, polls it and loads it again when it changes. Polling, not `fs.watch`, because
 * it also sees a ConfigMap's symlink swap. A new version that cannot be read or fails
 * validation is logged as an error naming the file and what is wrong, and the previous
 * value stays in force: a bad edit never leaves Countersign with nothing or with part
 * of a file. The file is compared with the version last read, so an edit made while
 * it was being loaded is not missed. Every change seen, applied or not, is passed to
 * `onReload` with the new contents' SHA-256.
 */
export function watchFile<T>(
  path: string,
  kind: FileKind<T>,
  logger: Logger,
  options: WatchOptions = {},
): WatchedFile<T> {
  let seen = fingerprint(path);
  let value = kind.load(readFileSync(path, 'utf8'));
  if (options.watch === false) return { current: () => value, close: () => undefined };
  const log = logger.child({ component: kind.name.replace(/ /g, '-'), path });

  const check = (): void => {
    const now = fingerprint(path);
    if (now === seen) return;
    seen = now;
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
      value = kind.load(text);
      const sha256 = sha256Of(text);
      log.info({ sha256 }, `${kind.name} reloaded`);
      options.onReload?.({ file: path, sha256, applied: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(
        { err: error, issues: kind.issuesOf?.(error) },
        `${kind.name} file ${path} changed but cannot be used (${message}); the previous ${kind.name} stays in force`,
      );
      options.onReload?.({ file: path, sha256: sha256Of(text), applied: false, error: message });
    }
  };
  const timer = setInterval(check, options.pollMs ?? DEFAULT_POLL_MS);
  timer.unref();
  return { current: () => value, close: () => clearInterval(timer) };
}
