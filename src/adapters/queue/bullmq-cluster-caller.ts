import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RedisConfig } from '../../config/config.ts';
import type { ClusterCall, ClusterCallReply } from '../../core/ports/cluster-call.ts';
import { ClusterTransientError } from '../../core/ports/cluster-errors.ts';
import { jobId, type JobName } from '../../core/ports/job-queue.ts';
import { CLUSTER_CALL_REPLY } from '../../jobs/cluster-call.ts';
import type { JobOutcome } from '../../jobs/job-context.ts';
import type { Logger } from '../log/logger.ts';
import { createRedis } from '../store/create-redis.ts';
import { KEEP_FAILED } from './job-options.ts';
import type { QueueSettings } from './queue-settings.ts';

const NAME: JobName = 'cluster-call';

/**
 * Hands a {@link ClusterCall} to whichever worker is free, as a `cluster-call` job on
 * the shared queue, and resolves with the worker's reply. Replies come back on the
 * queue's event stream, read from where it stood when the caller started, so a reply
 * that arrives before the caller listens is still seen. A call nobody answers within
 * `timeoutMs` (no worker running) is withdrawn if it has not started and rejects with
 * a `ClusterTransientError`. Calls run before any prioritized job (notifications),
 * once, and leave nothing behind on success.
 */
export class BullmqClusterCaller {
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly eventsConnection: Redis;
  private readonly pending = new Map<string, (reply: ClusterCallReply) => void>();

  private constructor(queue: Queue, events: QueueEvents, eventsConnection: Redis) {
    this.queue = queue;
    this.events = events;
    this.eventsConnection = eventsConnection;
    this.events.on('completed', ({ jobId: id, returnvalue }) => {
      this.pending.get(id)?.(replyOf(returnvalue as JobOutcome | undefined));
    });
    this.events.on('failed', ({ jobId: id, failedReason }) => {
      this.pending.get(id)?.({
        ok: false,
        failure: { kind: 'internal', code: 'cluster_call_failed', message: failedReason },
      });
    });
  }

  /** Starts listening for replies on `redis`; `connection` is the producer connection (not closed here). */
  static async start(
    connection: Redis,
    redis: string | RedisConfig,
    settings: QueueSettings,
    logger: Logger,
  ): Promise<BullmqClusterCaller> {
    const queue = new Queue(settings.queueName, { connection, prefix: settings.prefix });
    const log = logger.child({ component: 'cluster-caller', queue: settings.queueName });
    queue.on('error', (error) => log.warn({ err: error }, 'cluster call queue connection error'));
    const [last] = await connection.xrevrange(queue.toKey('events'), '+', '-', 'COUNT', 1);
    const eventsConnection = createRedis(redis, {
      maxRetriesPerRequest: null,
      connectionName: 'countersign-cluster-calls',
    });
    const events = new QueueEvents(settings.queueName, {
      connection: eventsConnection,
      prefix: settings.prefix,
      lastEventId: last?.[0] ?? '0-0',
    });
    events.on('error', (error) => log.warn({ err: error }, 'cluster call events connection error'));
    await events.waitUntilReady();
    return new BullmqClusterCaller(queue, events, eventsConnection);
  }

  /** Sends `call` to a worker and resolves with its reply, or rejects when none came within `timeoutMs`. */
  async call(call: ClusterCall, timeoutMs: number): Promise<ClusterCallReply> {
    const payload = { callId: randomUUID(), call };
    const id = jobId(NAME, payload);
    const answered = new Promise<ClusterCallReply>((resolve) => this.pending.set(id, resolve));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      await this.queue.add(NAME, payload, {
        jobId: id,
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: KEEP_FAILED,
      });
      const reply = await Promise.race([answered, late]);
      if (reply !== undefined) return reply;
      await this.queue.remove(id).catch(() => 0);
      throw new ClusterTransientError(
        `no worker answered the ${call.op} call on cluster ${call.cluster} within ${Math.round(timeoutMs / 1000)} s; is a countersign worker running?`,
      );
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
    }
  }

  /** Stops listening and closes the queue handle and the event connection. */
  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
    await this.eventsConnection.quit().catch(() => this.eventsConnection.disconnect());
  }
}

function replyOf(outcome: JobOutcome | undefined): ClusterCallReply {
  const text = outcome?.details?.[CLUSTER_CALL_REPLY];
  if (typeof text !== 'string') {
    return {
      ok: false,
      failure: { kind: 'internal', code: 'cluster_call_failed', message: 'the worker sent no reply' },
    };
  }
  return JSON.parse(text) as ClusterCallReply;
}
