import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerExitCleanup } from './exit-cleanup.ts';
import { freePorts } from './free-port.ts';
import { waitForPong } from './wait-for-pong.ts';

const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/** A private Redis Sentinel watching one primary. */
export interface RedisSentinel {
  readonly port: number;
  /** Name under which the primary is monitored, e.g. `mymaster`. */
  readonly name: string;
  /** Kills the sentinel and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts a Redis Sentinel (redis-server in sentinel mode) on a free loopback port,
 * monitoring the primary on `primaryPort` with quorum 1, for tests of Sentinel
 * connections. Cleaned up at process exit if the test does not stop it.
 */
export async function startSentinel(primaryPort: number, name = 'mymaster'): Promise<RedisSentinel> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-sentinel-'));
  const [port = 0] = await freePorts(1);
  const config = join(dir, 'sentinel.conf');
  writeFileSync(
    config,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `logfile ${join(dir, 'sentinel.log')}`,
      `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 1`,
      `sentinel down-after-milliseconds ${name} 5000`,
      '',
    ].join('\n'),
  );
  const child = spawn(REDIS_SERVER_BIN, [config, '--sentinel'], { cwd: dir, stdio: 'ignore' });
  const cleanup = (): void => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const unregister = registerExitCleanup(cleanup);
  try {
    await waitForPong(port);
  } catch (error) {
    unregister();
    cleanup();
    throw error;
  }
  return {
    port,
    name,
    async stop() {
      unregister();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
