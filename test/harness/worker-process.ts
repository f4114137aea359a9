import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RetryPolicy } from '../../src/adapters/queue/queue-settings.ts';
import type { Principal } from '../../src/core/ports/identity.ts';
import { registerExitCleanup } from './exit-cleanup.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '../..');

/** The environment variable carrying a {@link TestProcessConfig} as JSON. */
export const TEST_PROCESS_CONFIG_ENV = 'COUNTERSIGN_TEST_PROCESS';

/** Everything a test-only entry needs to wire the real workflow against a test's Redis and control plane. */
export interface TestProcessConfig {
  readonly redisUrl: string;
  readonly keyPrefix: string;
  readonly queueName: string;
  readonly retry: RetryPolicy;
  /** Kubeconfig and the context Countersign acts with; the cluster is configured under `cluster`. */
  readonly kubeconfig: string;
  readonly context: string;
  readonly cluster: string;
  readonly policyFile: string;
  readonly remindBeforeMs: number;
  /** Where the entry's JSON logs go. */
  readonly logFile: string;
  readonly worker?: {
    readonly concurrency: number;
    readonly lockDurationMs: number;
    readonly stalledIntervalMs: number;
    readonly shutdownGraceMs: number;
    readonly sweepIntervalMs?: number;
    /**
     * Test hook, in the entry only: stop inside `execute-action` right before or
     * right after the cluster call, print `{"event":"paused"}` and hang until killed.
     */
    readonly pause?: 'before-execute' | 'after-execute';
  };
  /** For the approve entry: who clicks Approve on which request, all at once after `go` on stdin. */
  readonly approvals?: { readonly requestId: string; readonly people: readonly Principal[] };
  /** For the approve entry instead of `approvals`: one person clicks Approve on every request listed, all at once. */
  readonly burst?: { readonly requestIds: readonly string[]; readonly person: Principal };
}

/** One line the entries print on stdout, as JSON. */
export interface EntryEvent {
  readonly event: string;
  readonly [field: string]: unknown;
}

/**
 * A child `node --import tsx <entry>` process running Countersign code with a test's
 * configuration. Its stdout is read as JSON event lines; stderr is kept for failure
 * messages. It is killed (SIGKILL) if the test process exits first.
 */
export class NodeProcess {
  readonly pid: number;
  readonly events: EntryEvent[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();
  private stderr = '';

  private constructor(child: ChildProcess) {
    this.child = child;
    this.pid = child.pid ?? -1;
    const unregister = registerExitCleanup(() => child.kill('SIGKILL'));
    this.exited = new Promise((resolveExit) =>
      child.once('exit', (code, signal) => {
        unregister();
        this.wake();
        resolveExit({ code, signal });
      }),
    );
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        this.events.push(JSON.parse(line) as EntryEvent);
      } catch {
        this.events.push({ event: 'output', line });
      }
      this.wake();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-8000);
    });
  }

  /** Starts `entry` (a path relative to test/harness/entries) with `config`. */
  static start(entry: string, config: TestProcessConfig): NodeProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(HERE, 'entries', entry)], {
      cwd: REPO_ROOT,
      env: { ...process.env, [TEST_PROCESS_CONFIG_ENV]: JSON.stringify(config) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new NodeProcess(child);
  }

  /** Resolves with the first event named `name` (already seen or yet to come); rejects on exit or timeout. */
  async waitFor(name: string, timeoutMs = 60_000): Promise<EntryEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.event === name);
      if (found) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`process ${this.pid} exited before "${name}":\n${this.stderr}`);
      }
      if (Date.now() > deadline)
        throw new Error(`process ${this.pid}: no "${name}" within ${timeoutMs} ms:\n${this.stderr}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, 250);
        this.waiters.add(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  /** Writes one line to the process's stdin. */
  send(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** Sends `signal` and resolves once the process has exited. */
  async kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** The last part of what the process wrote on stderr. */
  get errorOutput(): string {
    return this.stderr;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
    this.waiters.clear();
  }
}

/** Starts a worker process (test/harness/entries/worker-main.ts) and resolves once it takes jobs. */
export async function startWorkerProcess(config: TestProcessConfig): Promise<NodeProcess> {
  const worker = NodeProcess.start('worker-main.ts', config);
  await worker.waitFor('ready');
  return worker;
}
