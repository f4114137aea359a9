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
 * read, so an edit made while it was being loaded is not missed.
 */
export function policyFromFile(
  path: string,
  logger: Logger,
  options: { readonly watch?: boolean; readonly pollMs?: number } = {},
): PolicySource {
  let seen = fingerprint(path);
  let policy = loadPolicy(readFileSync(path, 'utf8'), path);
  const log = logger.child({ component: 'policy', path });
  if (options.watch === false) return { current: () => policy, close: () => undefined };

  const check = (): void => {
    const now = fingerprint(path);
    if (now === seen) return;
    seen = now;
    try {
      policy = loadPolicy(readFileSync(path, 'utf8'), path);
      log.info('policy reloaded');
    } catch (error) {
      const issues = error instanceof PolicyInvalidError ? error.issues : undefined;
      log.error(
        { err: error, issues },
        `policy file ${path} changed but cannot be used; the previous policy stays in force`,
      );
    }
  };
  const timer = setInterval(check, options.pollMs ?? DEFAULT_POLL_MS);
  timer.unref();
  return { current: () => policy, close: () => clearInterval(timer) };
}
