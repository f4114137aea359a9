import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';
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

/** How often the file's modification time is checked; polling also sees a ConfigMap's symlink swap. */
const DEFAULT_POLL_MS = 2000;

/**
 * Loads the policy file (a bad file at start throws, naming the path and every bad
 * field) and, unless `watch` is false, reloads it when it changes. A reload that
 * fails validation is logged with the file's path and the path of each bad field,
 * and the previous policy stays in force: a bad edit never leaves Countersign
 * without a policy or with part of one.
 */
export function policyFromFile(
  path: string,
  logger: Logger,
  options: { readonly watch?: boolean; readonly pollMs?: number } = {},
): PolicySource {
  let policy = loadPolicy(readFileSync(path, 'utf8'), path);
  const log = logger.child({ component: 'policy', path });
  if (options.watch === false) return { current: () => policy, close: () => undefined };

  const onChange = (now: Stats, before: Stats): void => {
    if (now.mtimeMs === before.mtimeMs && now.size === before.size) return;
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
  watchFile(path, { interval: options.pollMs ?? DEFAULT_POLL_MS, persistent: false }, onChange);
  return { current: () => policy, close: () => unwatchFile(path, onChange) };
}
