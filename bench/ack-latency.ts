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

/** The request ID a filing reply opens its fallback text with (render-request-reply.ts). */
const FILED_REPLY = /^(cs-[a-z2-7]{10}) /;

/**
 * Classifies the one `response_url` reply of each command: a filing when it is the
 * filing reply (block `reply`, text opening with a request ID) and that request is in
 * the store; anything else (a refusal, "something failed", two replies) is not filed.
 */
async function classifyReplies(
  stack: BenchStack,
  workflow: ComposedWorkflow,
  responseIds: readonly string[],
): Promise<{ readonly filed: number; readonly notFiled: readonly string[] }> {
  let filed = 0;
  const notFiled: string[] = [];
  const ids = new Set<string>();
  for (const responseId of responseIds) {
    const replies = stack.slack.repliesTo(responseId);
    const reply = replies[0];
    const text = typeof reply?.text === 'string' ? reply.text : '';
    const blocks = Array.isArray(reply?.blocks) ? (reply.blocks as { block_id?: string }[]) : [];
    const id = FILED_REPLY.exec(text)?.[1];
    const isFiling =
      replies.length === 1 &&
      blocks[0]?.block_id === 'reply' &&
      id !== undefined &&
      !ids.has(id) &&
      (await workflow.deps.store.get(id)) !== undefined;
    if (isFiling) {
      ids.add(id);
      filed++;
    } else notFiled.push(`${responseId}: ${replies.length} replies, ${JSON.stringify(text.slice(0, 120))}`);
  }
  return { filed, notFiled };
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
  /** Response IDs of the measured Countersign commands (warm-up left out). */
  const measured: string[] = [];
  const round = async (
    url: string,
    concurrency: number,
    countersign: { readonly measure: boolean } | undefined,
  ): Promise<number[]> => {
    const batch = command(concurrency);
    const times = await Promise.all(batch.map((b) => signedPost(url, b.request, stack.signingSecret)));
    if (times.some((t) => t.text !== ''))
      throw new Error(`${url} acknowledged with a body: ${times[0]?.text}`);
    if (countersign) {
      await drain(batch.map((b) => b.responseId));
      if (countersign.measure) measured.push(...batch.map((b) => b.responseId));
    }
    return times.map((t) => t.ms);
  };
  const countersignUrl = `${countersign.url}${SLACK_EVENTS_PATH}`;
  const bareUrl = `${bare.url}${SLACK_EVENTS_PATH}`;
  const results: Record<number, { countersign: Summary; bare: Summary }> = {};
  try {
    for (const concurrency of [1, 50] as const) {
      for (let i = 0; i < WARMUP_ROUNDS; i++) {
        await round(countersignUrl, Math.min(concurrency, 10), { measure: false });
        await round(bareUrl, Math.min(concurrency, 10), undefined);
      }
      const ours: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < ROUNDS[concurrency]; i++) {
        ours.push(...(await round(countersignUrl, concurrency, { measure: true })));
        floor.push(...(await round(bareUrl, concurrency, undefined)));
      }
      results[concurrency] = { countersign: summarize(ours), bare: summarize(floor) };
    }
  } finally {
    bare.stop();
  }
  const replies = await classifyReplies(stack, workflow, measured);
  console.log(
    `  ${measured.length} measured slash commands acknowledged: ${replies.filed} replies say filed (the request ` +
      `is in the store), ${replies.notFiled.length} do not${replies.notFiled.length > 0 ? `, e.g. ${replies.notFiled.slice(0, 3).join(' | ')}` : ''}; ` +
      `rounds: ${ROUNDS[1]}×1 and ${ROUNDS[50]}×50 (plus ${WARMUP_ROUNDS} warm-up rounds each, not counted)`,
  );
  const notFiled = figure({
    id: 'ack.not-filed',
    metric: 'measured slash commands acknowledged but not filed (their response_url reply is not a filing)',
    value: replies.notFiled.length,
    unit: 'commands',
    comparator: '<=',
    samples: measured.length,
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
