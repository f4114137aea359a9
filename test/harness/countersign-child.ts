import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { COUNTERSIGN_FROM_SOURCE } from './countersign-cli.ts';
import { registerExitCleanup } from './exit-cleanup.ts';
import { freePorts } from './free-port.ts';
import { waitForHttp200 } from './wait-for-http.ts';

/** A real `countersign` child process with an HTTP port, and its JSON log lines. */
export interface CountersignChild {
  readonly url: string;
  /** Where `/healthz` and `/readyz` answer: METRICS_PORT's server when `env` sets it, else `url`. */
  readonly opsUrl: string;
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `countersign <command>` from source with `env` on top of this process's
 * environment and a free loopback HTTP port, and resolves once `/healthz` answers 200
 * (on METRICS_PORT when `env` gives one)
 * (rejecting with its stderr if it exits first). Killed if the test process exits.
 */
export async function startCountersignChild(
  command: string,
  env: Record<string, string>,
): Promise<CountersignChild> {
  const [port] = await freePorts(1);
  const child = spawn(process.execPath, [...COUNTERSIGN_FROM_SOURCE, command], {
    env: { ...process.env, ...env, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const unregister = registerExitCleanup(() => child.kill('SIGKILL'));
  const lines: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      lines.push({ msg: line });
    }
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      unregister();
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  let gone: string | undefined;
  void exited.then((how) => (gone = `countersign ${command} exited (${how.code ?? how.signal}): ${stderr}`));
  const opsUrl = env.METRICS_PORT ? `http://127.0.0.1:${env.METRICS_PORT}` : url;
  await waitForHttp200(`${opsUrl}/healthz`, { timeoutMs: 60_000, gaveUp: () => gone });
  return { url, opsUrl, child, lines, exited };
}
