import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

const DEFAULT_TAIL_LINES = 40;

/**
 * A long-running child (etcd, kube-apiserver, ...) whose stdout and stderr go to one
 * log file, so a failed start can show what the program said. It never outlives a
 * `stop()`; `killNow()` is the synchronous last resort for process 'exit' handlers.
 */
export class ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Resolves once the process has exited and been reaped, with how it ended. */
  readonly exited: Promise<string>;
  private child: ChildProcess;
  private ended: string | undefined;

  private constructor(name: string, child: ChildProcess, logPath: string) {
    this.name = name;
    this.child = child;
    this.logPath = logPath;
    this.pid = child.pid ?? -1;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.ended = signal ? `killed by ${signal}` : `exited with code ${code ?? '?'}`;
        resolve(this.ended);
      });
      child.once('error', (error) => {
        this.ended = `failed to run: ${error.message}`;
        resolve(this.ended);
      });
    });
  }

  /** Starts `binary` with `args`, appending its output to `logPath`. */
  static start(name: string, binary: string, args: readonly string[], logPath: string): ManagedProcess {
    const fd = openSync(logPath, 'a');
    try {
      const child = spawn(binary, args, { stdio: ['ignore', fd, fd] });
      return new ManagedProcess(name, child, logPath);
    } finally {
      closeSync(fd);
    }
  }

  /** How the process ended, or undefined while it runs. */
  get exitDescription(): string | undefined {
    return this.ended;
  }

  /** The last lines of the log, for error messages. */
  tail(lines = DEFAULT_TAIL_LINES): string {
    if (!existsSync(this.logPath)) return '(no log)';
    return readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Sends SIGTERM, then SIGKILL after `graceMs`, and resolves once the process is gone. */
  async stop(graceMs = 2000): Promise<void> {
    if (this.ended !== undefined || this.pid < 0) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends SIGKILL at once without waiting: for synchronous exit handlers only. */
  killNow(): void {
    if (this.ended === undefined && this.pid > 0) this.child.kill('SIGKILL');
  }
}
