import { pino } from 'pino';
import { createConsole, type ConsoleSurface } from '../../../../src/adapters/web/create-console.ts';
import { startHttpServer } from '../../../../src/adapters/http/http-server.ts';
import type { ConsoleConfig, OidcConfig } from '../../../../src/config/config.ts';
import type { IdentityRules } from '../../../../src/core/identity/resolve-principal.ts';
import { freePorts } from '../../../harness/free-port.ts';
import { InMemoryChangeFeed } from '../../../fakes/in-memory-change-feed.ts';
import { workflowFixture } from '../../core/workflow/workflow-harness.ts';

/** A console on a real HTTP server over the in-memory workflow, dev users as in the workflow tests. */
export interface ConsoleFixture {
  readonly url: string;
  readonly console: ConsoleSurface;
  readonly feed: InMemoryChangeFeed;
  readonly workflow: ReturnType<typeof workflowFixture>;
  stop(): Promise<void>;
}

/** What a fixture may change: the port, the console's sign-in settings and the identity rules. */
export interface ConsoleFixtureOptions {
  readonly port?: number;
  readonly console?: ConsoleConfig;
  readonly oidc?: OidcConfig;
  readonly identity?: IdentityRules;
}

/** Dev users named as in the workflow tests' policy. */
export const FIXTURE_DEV_USERS = [
  { username: 'alice@example.com', groups: ['developers'] },
  { username: 'bob@example.com', groups: ['sre'] },
  { username: 'carol@example.com', groups: ['sre'] },
];

/** Starts the console on 127.0.0.1 with a fixed session secret and an in-memory change feed (dev users unless told). */
export async function startConsoleFixture(options: ConsoleFixtureOptions = {}): Promise<ConsoleFixture> {
  const workflow = workflowFixture();
  const feed = new InMemoryChangeFeed();
  const logger = pino({ level: 'silent' });
  const port = options.port ?? (await freePorts(1))[0] ?? 0;
  const publicBaseUrl = `http://127.0.0.1:${port}`;
  const surface = createConsole({
    config: {
      http: { host: '127.0.0.1', port, publicBaseUrl },
      console: options.console ?? { sessionSecret: 'x'.repeat(40), devUsers: FIXTURE_DEV_USERS },
      ...(options.oidc ? { oidc: options.oidc } : {}),
      redis: { keyPrefix: 'test' },
    },
    workflow: workflow.deps,
    identity: options.identity ?? {
      mode: 'table',
      table: { slack: {}, teams: {}, web: {}, emailGroups: {} },
      emailUsernamePrefix: '',
    },
    logger,
    feed,
  });
  const http = await startHttpServer('127.0.0.1', port, surface.routes, logger);
  return {
    url: http.url,
    console: surface,
    feed,
    workflow,
    async stop() {
      await surface.close();
      await http.close(1000);
    },
  };
}

/** A cookie-keeping HTTP client that behaves like one browser tab of the console. */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  private readonly base: string;
  /** The Origin this client sends on POSTs (a forged request sends another one). */
  origin: string;

  constructor(base: string) {
    this.base = base;
    this.origin = base;
  }

  async get(path: string): Promise<Response> {
    return this.keep(await fetch(`${this.base}${path}`, { redirect: 'manual', headers: this.headers() }));
  }

  async post(
    path: string,
    form: Record<string, string>,
    extra: Record<string, string> = {},
  ): Promise<Response> {
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        ...this.headers(),
        origin: this.origin,
        'content-type': 'application/x-www-form-urlencoded',
        ...extra,
      },
      body: new URLSearchParams(form).toString(),
    });
    return this.keep(response);
  }

  /** The CSRF token of the page at `path` (from its meta tag). */
  async csrf(path = '/login'): Promise<string> {
    const text = await (await this.get(path)).text();
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(text)?.[1];
    if (!token) throw new Error(`no CSRF token on ${path}`);
    return token;
  }

  /** Signs in as a dev user through the sign-in form. */
  async signIn(username: string): Promise<void> {
    const token = await this.csrf('/login');
    const response = await this.post('/login', { _csrf: token, username, next: '/' });
    if (response.status !== 303) throw new Error(`sign-in as ${username} answered ${response.status}`);
  }

  private headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return cookie ? { cookie } : {};
  }

  private keep(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}
