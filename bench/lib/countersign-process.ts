import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerExitCleanup } from '../../test/harness/exit-cleanup.ts';
import { waitForHttp200 } from '../../test/harness/wait-for-http.ts';
import { processMemory, type ProcessMemory } from './proc-memory.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const STOP_GRACE_MS = 20_000;

/**
 * The Node flags `npm start` runs the command with (package.json `scripts.start`:
 * `node <flags> bin/countersign.js start`), so the benchmark measures the production
 * command line, not a copy of it that could drift. Throws if the script has another shape.
 */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts?: { start?: string };
  };
  const words = (pkg.scripts?.start ?? '').split(/\s+/);
  const bin = words.indexOf('bin/countersign.js');
  if (words[0] !== 'node' || bin < 0)
    throw new Error(
      `package.json scripts.start is not \`node [flags] bin/countersign.js …\`: ${pkg.scripts?.start}`,
    );
  return words.slice(1, bin);
}

/** Which `countersign` command to run. */
export type CountersignRole = 'start' | 'serve' | 'worker';

/** A running `node bin/countersign.js <role>` child, configured through its environment like production. */
export interface CountersignProcess {
  readonly role: CountersignRole;
  readonly pid: number;
  /** `http://127.0.0.1:PORT` (health, metrics, and in serve/start the surfaces). */
  readonly url: string;
  memory(): ProcessMemory;
  /** The last lines of its log, for failure messages. */
  tail(lines?: number): string;
  /** SIGTERM (graceful shutdown), SIGKILL after 20 s; resolves once it exited. */
  stop(): Promise<void>;
}

/**
 * Starts the real `countersign` command as a child process, with `npm start`'s Node flags
 * and exactly `env` (plus PATH, HOME and TMPDIR), its output appended to `logPath`, and resolves once its
 * `/readyz` answers 200 (Redis and every cluster reachable). `env` must set
 * `HTTP_PORT` to a free port. A child still running when the benchmark exits is killed.
 */
export async function startCountersign(
  role: CountersignRole,
  env: Readonly<Record<string, string>>,
  logPath: string,
): Promise<CountersignProcess> {
  const port = env.HTTP_PORT;
  if (!port || port === '0') throw new Error('startCountersign needs HTTP_PORT set to a free port');
  const base = Object.fromEntries(
    ['PATH', 'HOME', 'TMPDIR'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  ) as Record<string, string>;
  const fd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    // BENCH_CPU_PROF=DIR: each process writes a V8 CPU profile to DIR when it exits.
    const profile = process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`]
      : [];
    const args = [...productionNodeFlags(), ...profile, resolve(REPO_ROOT, 'bin/countersign.js'), role];
    child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  let ended: string | undefined;
  const exited = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      ended = signal ? `killed by ${signal}` : `exited with code ${code ?? '?'}`;
      done();
    }),
  );
  const unregister = registerExitCleanup(() => child.kill('SIGKILL'));
  const tail = (lines = 30): string =>
    existsSync(logPath) ? readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '';
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp200(`${url}/readyz`, {
      timeoutMs: 90_000,
      gaveUp: () => ended && `countersign ${role} ${ended}`,
    });
  } catch (error) {
    child.kill('SIGKILL');
    unregister();
    throw new Error(`countersign ${role} did not become ready: ${String(error)}\n${tail()}`, {
      cause: error,
    });
  }
  const pid = child.pid ?? -1;
  return {
    role,
    pid,
    url,
    memory: () => processMemory(pid),
    tail,
    async stop() {
      if (ended === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      unregister();
    },
  };
}
