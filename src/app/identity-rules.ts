import { parse } from 'yaml';
import type { Logger } from '../adapters/log/logger.ts';
import type { IdentityConfig } from '../config/config.ts';
import { parseIdentityTable, type IdentityTable } from '../core/identity/identity-table.ts';
import type { IdentityRules } from '../core/identity/resolve-principal.ts';
import { watchFile, type WatchOptions } from './watched-file.ts';

/** The identity rules in force and how to stop watching their table file. */
export interface IdentitySource {
  /** Its `table` is always the table in force: read it at each use, never keep it. */
  readonly rules: IdentityRules;
  /** Stops watching the table file. */
  close(): void;
}

/**
 * Reads the identity table named by `COUNTERSIGN_IDENTITY_TABLE_FILE` (YAML or JSON)
 * into the rules every surface maps its users with, and, unless `watch` is false,
 * reloads it when the file changes, as the policy file is (see {@link watchFile}): a
 * new file that fails validation is logged naming the bad entry and the previous table
 * stays in force. No file means an empty table: in `table` mode nobody is mapped until
 * the admin lists them; in `email` mode the platform's email is the username. A bad
 * file at start stops start-up, naming the bad path.
 */
export function identityFromFile(
  identity: IdentityConfig,
  logger: Logger,
  options: WatchOptions = {},
): IdentitySource {
  const path = identity.tableFile;
  const none = parseIdentityTable({}, '(none)');
  const source = path
    ? watchFile<IdentityTable>(
        path,
        { name: 'identity table', load: (text) => parseIdentityTable(parse(text) as unknown, path) },
        logger,
        options,
      )
    : { current: () => none, close: () => undefined };
  return {
    rules: {
      mode: identity.mode,
      emailUsernamePrefix: identity.emailUsernamePrefix,
      get table() {
        return source.current();
      },
    },
    close: () => source.close(),
  };
}
