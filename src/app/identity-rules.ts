import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { IdentityConfig } from '../config/config.ts';
import { parseIdentityTable } from '../core/identity/identity-table.ts';
import type { IdentityRules } from '../core/identity/resolve-principal.ts';

/**
 * Reads the identity table named by `COUNTERSIGN_IDENTITY_TABLE_FILE` (YAML or JSON)
 * into the rules every surface maps its users with. No file means an empty table:
 * in `table` mode nobody is mapped until the admin lists them; in `email` mode the
 * platform's email is the username. A bad file stops start-up, naming the bad path.
 */
export function loadIdentityRules(identity: IdentityConfig): IdentityRules {
  const table = identity.tableFile
    ? parseIdentityTable(parse(readFileSync(identity.tableFile, 'utf8')) as unknown, identity.tableFile)
    : parseIdentityTable({}, '(none)');
  return { mode: identity.mode, table, emailUsernamePrefix: identity.emailUsernamePrefix };
}
