import { setTimeout as sleep } from 'node:timers/promises';
import { KubectlError } from '../../harness/run-kubectl.ts';

/** How a kubectl run ended: its stdout, or the stderr of a non-zero exit. */
export type KubectlOutcome =
  { readonly ok: true; readonly stdout: string } | { readonly ok: false; readonly stderr: string };

/** Settles a kubectl run into a {@link KubectlOutcome}; other failures (kubectl missing) still throw. */
export async function outcome(run: Promise<string>): Promise<KubectlOutcome> {
  try {
    return { ok: true, stdout: await run };
  } catch (error) {
    if (error instanceof KubectlError) return { ok: false, stderr: error.stderr };
    throw error;
  }
}

/** Runs `probe` every 200 ms until it returns a value, failing after `timeoutMs` with `what` in the message. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}
