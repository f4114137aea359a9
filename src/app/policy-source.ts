import type { Logger } from '../adapters/log/logger.ts';
import { PolicyInvalidError } from '../core/errors.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import type { Policy } from '../core/policy/policy.ts';
import { watchFile, type FileReload, type WatchedFile, type WatchOptions } from './watched-file.ts';

/** The policy in force, swapped whole when its file changes. */
export type PolicySource = WatchedFile<Policy>;

/** A change of the policy file as the audit records it. */
export type PolicyReload = FileReload;

/**
 * Loads the policy file (a bad file at start throws, naming the path and every bad
 * field) and, unless `watch` is false, reloads it when it changes (see
 * {@link watchFile}). A reload that fails validation is logged with the file's path
 * and the path of each bad field, and the previous policy stays in force. Every change
 * seen, applied or not, is passed to `onReload` with the new contents' SHA-256.
 */
export function policyFromFile(path: string, logger: Logger, options: WatchOptions = {}): PolicySource {
  return watchFile(
    path,
    {
      name: 'policy',
      load: (text) => loadPolicy(text, path),
      issuesOf: (error) => (error instanceof PolicyInvalidError ? error.issues : undefined),
    },
    logger,
    options,
  );
}
