import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SLACK_EVENTS_PATH } from '../src/adapters/slack/slack-app.ts';
import type { ComposedWorkflow } from '../src/app/compose-workflow.ts';
import { slashCommandBody } from '../test/fakes/fake-slack/sign-request.ts';
import { freePorts } from '../test/harness/free-port.ts';
import { registerExitCleanup } from '../test/harness/exit-cleanup.ts';
import { sized } from './lib/bench-size.ts';
import type { BenchStack } from './lib/bench-stack.ts';
import { BENCH_CHANNEL, BENCH_NAMESPACES, BENCH_PEOPLE } from './lib/bench-workspace.ts';
import type { CountersignProcess } from './lib/countersign-process.ts';
import { figure, type Figure } from './lib/figure.ts';
import { waitForIdleQueue } from './lib/queue-idle.ts';
import { signedPost } from './lib/signed-post.ts';
import { summarize, type Summary } from './lib/stats.ts';

/** The Deployment the measured slash commands ask to scale. */
export const ACK_DEPLOYMENT = 'web';

const ROUNDS = { 1: sized(40, 4), 50: sized(10, 2) } as const;
const WARMUP_ROUNDS = sized(2, 1);
const DRAIN_TIMEOUT_MS = 180_000;

interface BareBolt {
  readonly url: string;
  stop(): void;
}

async function startBareBolt(stack: BenchStack): Promise<BareBolt> {
  const [port = 0] = await freePorts(1);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./entries/bare-bolt.ts', import.meta.url).pathname],
    {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        SLACK_SIGNING_SECRET: stack.signingSecret,
        SLACK_BOT_TOKEN: stack.slack.botToken,
        SLACK_API_URL: stack.slack.apiUrl,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const unregister = registerExitCleanup(() => child.kill('SIGKILL'));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`bare Bolt app exited with code ${code} before listening`)),
    );
    createInterface({ input: child.stdout }).once('line', (line) =>
      resolve((JSON.parse(line) as { url: string }).url),
    );
  });
  return {
    url,
    stop() {
      child.kill('SIGTERM');
      unregister();
    },
  };
}

/**
 * Benchmark 1: how long `/k8s-request` takes to be acknowledged through the real Bolt
 * HTTP receiver of `countersign start`, beside a bare Bolt app that only acks (the
 * floor). Requests are signed slash commands that file a real request (scale, one
 * approval), sent in rounds of 1 or 50 at once; after each Countersign round the
 * benchmark waits until every reply reached its response_url and the queue is idle,
 * so each round starts from a quiet process and the background work of a round (file,
 * dry-run, card) is what competes with its own acks. Rounds of the two apps alternate.
 */
export async function benchAckLatency(
  stack: BenchStack,
  countersign: CountersignProcess,
  workflow: ComposedWorkflow,
): Promise<Figure[]> {
  const bare = await startBareBolt(stack);
  let sent = 0;
  const command = (concurrency: number) =>
    Array.from({ length: concurrency }, () => {
      sent += 1;
      const responseId = `ack-${sent}`;
      const text = `scale deployment/${ACK_DEPLOYMENT} --replicas ${2 + (sent % 5)} -n ${BENCH_NAMESPACES.ack} --reason "bench ack ${sent}"`;
      return {
        responseId,
        request: slashCommandBody({
          text,
          userId: BENCH_PEOPLE.alice.id,
          channelId: BENCH_CHANNEL.id,
          responseUrl: stack.slack.responseUrl(responseId),
        }),
      };
    });
  const drain = async (ids: readonly string[]): Promise<void> => {
    await stack.slack.waitForResponses(ids, DRAIN_TIMEOUT_MS);
    await waitForIdleQueue(workflow, DRAIN_TIMEOUT_MS);
  };
  const round = async (url: string, concurrency: number, settle: boolean): Promise<number[]> => {
    const batch = command(concurrency);
    const times = await Promise.all(batch.map((b) => signedPost(url, b.request, stack.signingSecret)));
    if (times.some((t) => t.text !== ''))
      throw new Error(`${url} acknowledged with a body: ${times[0]?.text}`);
    if (settle) await drain(batch.map((b) => b.responseId));
    return times.map((t) => t.ms);
  };
  const countersignUrl = `${countersign.url}${SLACK_EVENTS_PATH}`;
  const bareUrl = `${bare.url}${SLACK_EVENTS_PATH}`;
  const results: Record<number, { countersign: Summary; bare: Summary }> = {};
  let countersignCommands = 0;
  try {
    for (const concurrency of [1, 50] as const) {
      for (let i = 0; i < WARMUP_ROUNDS; i++) {
        await round(countersignUrl, Math.min(concurrency, 10), true);
        await round(bareUrl, Math.min(concurrency, 10), false);
        countersignCommands += Math.min(concurrency, 10);
      }
      const ours: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < ROUNDS[concurrency]; i++) {
        ours.push(...(await round(countersignUrl, concurrency, true)));
        floor.push(...(await round(bareUrl, concurrency, false)));
        countersignCommands += concurrency;
      }
      results[concurrency] = { countersign: summarize(ours), bare: summarize(floor) };
    }
  } finally {
    bare.stop();
  }
  const filed = await workflow.deps.store.listOpenByRequester(BENCH_PEOPLE.alice.username);
  if (filed.length > countersignCommands)
    throw new Error(`${filed.length} requests filed from ${countersignCommands} commands`);
  console.log(
    `  ${countersignCommands} slash commands acknowledged, ${filed.length} requests filed ` +
      `(${countersignCommands - filed.length} failed after the ack); ` +
      `rounds: ${ROUNDS[1]}×1 and ${ROUNDS[50]}×50 (plus ${WARMUP_ROUNDS} warm-up rounds each, not counted)`,
  );
  const notFiled = figure({
    id: 'ack.not-filed',
    metric: 'slash commands acknowledged but not filed (the reply said it failed)',
    value: countersignCommands - filed.length,
    unit: 'commands',
    comparator: '<=',
    samples: countersignCommands,
  });
  const latencies = [1, 50].flatMap((concurrency) => {
    const { countersign: ours, bare: floor } = results[concurrency]!;
    console.log(
      `  c=${concurrency}: countersign p50 ${ours.p50.toFixed(1)} p99 ${ours.p99.toFixed(1)} max ${ours.max.toFixed(1)} ms; ` +
        `bare Bolt p50 ${floor.p50.toFixed(1)} p99 ${floor.p99.toFixed(1)} ms (n=${ours.count})`,
    );
    return (['p50', 'p99'] as const).map((stat) =>
      figure({
        id: `ack.c${concurrency}.${stat}`,
        metric: `/k8s-request ack latency ${stat}, ${concurrency} concurrent`,
        value: ours[stat],
        unit: 'ms',
        comparator: '<=',
        baseline: 'bare Bolt app that only acks',
        baselineValue: floor[stat],
        samples: ours.count,
      }),
    );
  });
  // The absolute "≤ 100 ms" goal is retired (bare Bolt alone passed 300 ms on a loaded
  // run); the target is the ratio to bare Bolt measured in the same run.
  const c50 = results[50]!;
  const ratio = figure({
    id: 'ack.c50.p99.ratio',
    metric: '/k8s-request ack latency p99 at 50 concurrent, as a multiple of bare Bolt’s',
    value: c50.countersign.p99 / c50.bare.p99,
    unit: '×',
    comparator: '<=',
    target: 1.5,
    baseline: 'bare Bolt app that only acks (p99, same run)',
    baselineValue: c50.bare.p99,
    baselineUnit: 'ms',
    samples: c50.countersign.count,
  });
  return [...latencies, ratio, notFiled];
}
