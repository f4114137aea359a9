import { spawn } from 'node:child_process';
import { CountersignError } from '../../src/core/errors.ts';

/** A kubectl run that exited non-zero; `stderr` holds what the server said (e.g. Forbidden). */
export class KubectlError extends CountersignError {
  readonly stderr: string;
  readonly exitCode: number | null;

  constructor(args: readonly string[], exitCode: number | null, stderr: string) {
    super(
      'kubectl_failed',
      `kubectl ${args.join(' ')} exited with ${exitCode ?? 'a signal'}: ${stderr.trim()}`,
    );
    this.stderr = stderr;
    this.exitCode = exitCode;
  }
}

/**
 * Runs kubectl with `args`, writing `input` (if any) to its stdin, and resolves with
 * its stdout. Rejects with a {@link KubectlError} when it exits non-zero.
 */
export function runKubectl(binary: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve(stdout);
      else reject(new KubectlError(args, code, Buffer.concat(err).toString('utf8')));
    });
    child.stdin.end(input ?? '');
  });
}
