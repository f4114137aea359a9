import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerExitCleanup } from './exit-cleanup.ts';
import { freePorts } from './free-port.ts';
import { waitForPong } from './wait-for-pong.ts';

/** Where the private server's binary lives; override with `REDIS_SERVER_BIN`. */
const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const STOP_TIMEOUT_MS = 10_000;

/** How to start a private redis-server. */
export interface RedisServerOptions {
  /** Append-only file with `appendfsync always`, so a restart (even after SIGKILL) loses nothing. */
  readonly appendOnly?: boolean;
  /** Data directory; default a fresh temp directory removed by `stop()` and at process exit. */
  readonly dir?: string;
}

/** A running private redis-server on a loopback port, owned by one test file. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Shuts the server down (SIGTERM) and removes the temp directory it created; final. */
  stop(): Promise<void>;
  /** Kills the server with SIGKILL, keeping its directory so `restart()` can bring it back. */
  kill(): Promise<void>;
  /** Stops the server if it runs (SIGTERM) and starts it again on the same port and directory, so AOF reloads. */
  restart(): Promise<void>;
}

/**
 * Starts a private redis-server for tests: a free loopback port, its own directory,
 * no RDB snapshots, AOF only when asked. Resolves once PING answers PONG. Never
 * touches the machine's shared Redis on 6379.
 */
export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'countersign-redis-'));
  mkdirSync(dir, { recursive: true });
  const appendOnly = options.appendOnly ?? false;
  let child: ChildProcess | undefined;
  let stopped = false;
  const unregister = registerExitCleanup(() => {
    child?.kill('SIGKILL');
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
  });

  const launch = async (port: number): Promise<void> => {
    const settings: [string, string][] = [
      ['port', String(port)],
      ['bind', '127.0.0.1'],
      ['dir', dir],
      ['save', ''],
      ['appendonly', appendOnly ? 'yes' : 'no'],
      ...(appendOnly ? [['appendfsync', 'always'] as [string, string]] : []),
      ['daemonize', 'no'],
      ['logfile', 'redis.log'],
    ];
    const args = settings.flatMap(([name, value]) => [`--${name}`, value]);
    const started = spawn(REDIS_SERVER_BIN, args, { cwd: dir, stdio: 'ignore' });
    child = started;
    const exited = new Promise<never>((_, reject) => {
      started.once('exit', (code, signal) =>
        reject(
          new Error(
            `redis-server exited during start (code ${code}, signal ${signal}); see ${dir}/redis.log`,
          ),
        ),
      );
      started.once('error', reject);
    });
    exited.catch(() => undefined);
    await Promise.race([waitForPong(port), exited]);
  };

  const halt = async (signal: 'SIGTERM' | 'SIGKILL'): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    const timer = sleep(STOP_TIMEOUT_MS, undefined, { ref: false }).then(() => 'timeout' as const);
    if ((await Promise.race([exited, timer])) === 'timeout') {
      running.kill('SIGKILL');
      await exited;
    }
  };

  let port = 0;
  for (let attempt = 1; ; attempt += 1) {
    [port = 0] = await freePorts(1);
    try {
      await launch(port);
      break;
    } catch (error) {
      await halt('SIGKILL');
      if (attempt >= 3) {
        unregister();
        if (ownsDir) rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async stop() {
      stopped = true;
      await halt('SIGTERM');
      unregister();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
    kill: () => halt('SIGKILL'),
    async restart() {
      if (stopped) throw new Error('this redis-server was stopped; start a new one');
      await halt('SIGTERM');
      await launch(port);
    },
  };
}
