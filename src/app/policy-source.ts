import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Logger } from '../adapters/log/logger.ts';
import { PolicyInvalidError } from '../core/errors.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import type { Policy } from '../core/policy/policy.ts';

/** The policy in force, swapped whole when its file changes. */
export interface PolicySource {
  /** The policy now; never a half-loaded one. */
  current(): Policy;
  /** Stops watching the file. */
  close(): void;
}

/** A change of the policy file as the audit records it. */
export interface PolicyReload {
  readonly file: string;
  /** SHA-256 of the file's new contents, hex (of the empty string when it could not be read). */
  readonly sha256: string;
  /** False when the new file failed validation and the previous policy stayed in force. */
  readonly applied: boolean;
  readonly error?: string;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** How often the file is looked at; polling also sees a ConfigMap's symlink swap. */
const DEFAULT_POLL_MS = 2000;

/** What identifies one version of the file without reading it. */
function fingerprint(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/**
 * Loads the policy file (a bad file at start throws, naming the path and every bad
 * field) and, unless `watch` is false, reloads it when it changes. A reload that
 * fails validation is logged with the file's path and the path of each bad field,
 * and the previous policy stays in force: a bad edit never leaves Countersign
 * without a policy or with part of one. The file is compared with the version last
 * read, so an edit made while it was being loaded is not missed. Every change seen,
 * applied or not, is passed to `onReload` with the new contents' SHA-256.
 */
export function policyFromFile(
  path: string,
  logger: Logger,
  options: {
    readonly watch?: boolean;
    readonly pollMs?: number;
    /** Told of every change seen: the new file's SHA-256 and whether it took effect (for the audit). */
    readonly onReload?: (reload: PolicyReload) => void;
  } = {},
): PolicySource {
  let seen = fingerprint(path);
  let policy = loadPolicy(readFileSync(path, 'utf8'), path);
  const log = logger.child({ component: 'policy', path });
  if (options.watch === false) return { current: () => policy, close: () => undefined };

  const check = (): void => {
    const now = fingerprint(path);
    if (now === seen) return;
    seen = now;
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
      policy = loadPolicy(text, path);
      const sha256 = hashOf(text);
      log.info({ sha256 }, 'policy reloaded');
      options.onReload?.({ file: path, sha256, applied: true });
    } catch (error) {
      const issues = error instanceof PolicyInvalidError ? error.issues : undefined;
      log.error(
        { err: error, issues },
        `policy file ${path} changed but cannot be used; the previous policy stays in force`,
      );
      options.onReload?.({
        file: path,
        sha256: hashOf(text),
        applied: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  const timer = setInterval(check, options.pollMs ?? DEFAULT_POLL_MS);
  timer.unref();
  return { current: () => policy, close: () => clearInterval(timer) };
}
