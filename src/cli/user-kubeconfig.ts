import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { UserFacingError } from '../core/errors.ts';

/** The credentials and namespace of one context of the user's own kubeconfig, as written there. */
export interface UserCredentials {
  /** The kubeconfig user entry's name. */
  readonly name: string;
  /** The user entry itself (token, tokenFile, exec plugin, …), untouched. */
  readonly user: Readonly<Record<string, unknown>>;
  readonly namespace?: string;
}

interface Named {
  readonly name?: unknown;
  readonly user?: unknown;
  readonly context?: unknown;
}

/** Entries that authenticate with a bearer token the proxy can check with a TokenReview. */
const TOKEN_FIELDS = ['token', 'tokenFile', 'exec', 'auth-provider'];
const CERT_FIELDS = ['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data'];

/**
 * Reads the user's own kubeconfig the way kubectl finds it (`path`, else `KUBECONFIG`,
 * several files joined by the path delimiter, first one wins per entry; else
 * `~/.kube/config`) and returns the user entry and namespace of `context` (default
 * the current context). Throws a {@link UserFacingError} naming what is wrong: no
 * such file or context, or credentials the proxy cannot check (a client certificate
 * only authenticates to the API server it was issued for, not through a proxy).
 */
export function readUserCredentials(
  options: { readonly path?: string; readonly context?: string; readonly env?: NodeJS.ProcessEnv } = {},
): UserCredentials {
  const env = options.env ?? process.env;
  const files = (options.path ?? env.KUBECONFIG ?? join(homedir(), '.kube', 'config'))
    .split(delimiter)
    .filter((f) => f !== '');
  const docs = files.map((file) => {
    try {
      return (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    } catch (error) {
      throw new UserFacingError(
        'kubeconfig_unreadable',
        `cannot read the kubeconfig ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        'countersign kubeconfig --kubeconfig ~/.kube/config',
      );
    }
  });
  const contextName =
    options.context ??
    docs.map((d) => d['current-context']).find((c): c is string => typeof c === 'string' && c !== '');
  if (!contextName) {
    throw new UserFacingError(
      'kubeconfig_no_context',
      `the kubeconfig (${files.join(', ')}) has no current context; name one with --context`,
      'countersign kubeconfig --context my-cluster',
    );
  }
  const find = (list: string, name: string): Named | undefined =>
    docs
      .flatMap((d) => (Array.isArray(d[list]) ? (d[list] as Named[]) : []))
      .find((entry) => entry.name === name);
  const context = find('contexts', contextName)?.context as Record<string, unknown> | undefined;
  if (!context) {
    throw new UserFacingError(
      'kubeconfig_unknown_context',
      `the kubeconfig (${files.join(', ')}) has no context "${contextName}"`,
      'countersign kubeconfig --context my-cluster',
    );
  }
  const userName = typeof context.user === 'string' ? context.user : '';
  const user = find('users', userName)?.user as Record<string, unknown> | undefined;
  if (!user || !TOKEN_FIELDS.some((f) => user[f] !== undefined)) {
    const certificate = user !== undefined && CERT_FIELDS.some((f) => user[f] !== undefined);
    throw new UserFacingError(
      'kubeconfig_no_token',
      certificate
        ? `context "${contextName}" signs in with a client certificate, which only the API server itself can check; ` +
            'the proxy needs a bearer token: use a context with a token or an exec credential plugin (e.g. your OIDC login)'
        : `context "${contextName}" has no user credentials the proxy can check (a token, tokenFile or exec plugin)`,
      'countersign kubeconfig --context my-oidc-context',
    );
  }
  const namespace = typeof context.namespace === 'string' ? context.namespace : undefined;
  return { name: userName, user, ...(namespace ? { namespace } : {}) };
}
