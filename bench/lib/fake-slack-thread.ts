import { Worker } from 'node:worker_threads';
import type { FakeSlackOptions } from '../../test/fakes/fake-slack/fake-slack-types.ts';

/** What the fake Slack has answered so far, per Web API method. */
export interface SlackCallCounts {
  readonly [method: string]: { readonly ok: number; readonly refused: number };
}

/** The fake Slack Web API of test/fakes, running in a worker thread of the benchmark process. */
export interface FakeSlackThread {
  readonly url: string;
  /** What Countersign gets as `SLACK_API_URL`. */
  readonly apiUrl: string;
  readonly botToken: string;
  /** A `response_url` on the fake whose posts are reported under `id`. */
  responseUrl(id: string): string;
  /** The bodies posted to the `response_url` of `id` so far, oldest first. */
  repliesTo(id: string): readonly Record<string, unknown>[];
  /** Resolves once a post to each of these response IDs arrived; rejects after `timeoutMs`. */
  waitForResponses(ids: readonly string[], timeoutMs: number): Promise<void>;
  /** Calls per method since start. */
  counts(): SlackCallCounts;
  /** Refused calls (`ok: false`), e.g. `chat.postMessage: invalid_blocks`. */
  refusals(): readonly string[];
  stop(): Promise<void>;
}

/**
 * Starts the fake Slack in a worker thread, so its request handling runs on another
 * event loop than the benchmark's clients and timers, and resolves once it listens.
 */
export async function startFakeSlackThread(options: FakeSlackOptions): Promise<FakeSlackThread> {
  const entry = new URL('../entries/fake-slack-thread.ts', import.meta.url).href;
  // Worker threads do not inherit tsx's loader: register it before importing the TypeScript entry.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: options });
  const responded = new Map<string, Record<string, unknown>[]>();
  const counts: Record<string, { ok: number; refused: number }> = {};
  const refusals: string[] = [];
  const waiters = new Set<() => void>();
  const ready = new Promise<{ url: string; apiUrl: string; botToken: string }>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: Record<string, unknown>) => {
      if (message.type === 'ready') resolve(message as never);
      if (message.type === 'response') {
        const id = String(message.id);
        const replies = responded.get(id) ?? [];
        replies.push(message.body as Record<string, unknown>);
        responded.set(id, replies);
      }
      if (message.type === 'call') {
        const method = String(message.method);
        const entry = (counts[method] ??= { ok: 0, refused: 0 });
        if (message.ok) entry.ok++;
        else {
          entry.refused++;
          refusals.push(`${method}: ${String(message.error)}`);
        }
      }
      for (const wake of [...waiters]) wake();
    });
  });
  const { url, apiUrl, botToken } = await ready;
  return {
    url,
    apiUrl,
    botToken,
    responseUrl: (id) => `${url}/response/${id}`,
    repliesTo: (id) => [...(responded.get(id) ?? [])],
    async waitForResponses(ids, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (!ids.every((id) => responded.has(id))) {
        const left = deadline - performance.now();
        if (left <= 0) {
          const missing = ids.filter((id) => !responded.has(id)).length;
          throw new Error(`${missing} of ${ids.length} Slack replies did not arrive within ${timeoutMs} ms`);
        }
        await new Promise<void>((wake) => {
          const timer = setTimeout(wake, Math.min(left, 500));
          waiters.add(() => {
            clearTimeout(timer);
            waiters.clear();
            wake();
          });
        });
      }
    },
    counts: () => structuredClone(counts),
    refusals: () => [...refusals],
    async stop() {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'stop' });
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
