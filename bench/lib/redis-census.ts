import type { Redis } from 'ioredis';

/** Keys under one prefix, sorted by what holds them alive. */
export interface RedisCensus {
  readonly total: number;
  /** Request records (`req:<id>`): the store keeps every request, by design. */
  readonly records: number;
  /** Per-request keys (`events:`, `msgs:`, `slots:`) whose request exists, and the store's indexes and audit keys. */
  readonly recordKeys: number;
  /** Jobs waiting, due later, prioritized or running, and each queue's own structure. */
  readonly liveJobs: number;
  /** Finished jobs kept by their retention bound (`job-options.ts`: at most 7 days or 20,000 per queue). */
  readonly keptJobs: number;
  /** Keys with a TTL (write tokens, delivery claims, leases): gone on their own. */
  readonly expiring: number;
  /** Keys with no TTL that nothing above accounts for: a leak. */
  readonly beyondLive: number;
  /** A few of them, for the log. */
  readonly beyondLiveSample: readonly string[];
}

const PER_REQUEST = ['events', 'msgs', 'slots'] as const;
/** BullMQ's per-queue keys that are not one job's. */
const QUEUE_STRUCTURE = new Set([
  'wait',
  'paused',
  'active',
  'delayed',
  'prioritized',
  'completed',
  'failed',
  'events',
  'meta',
  'id',
  'pc',
  'marker',
  'stalled',
  'stalled-check',
  'limiter',
  'repeat',
  'waiting-children',
  'metrics:completed',
  'metrics:failed',
]);
/** Suffixes BullMQ adds to a job's own key. */
const JOB_SUFFIXES = [':lock', ':logs', ':dependencies', ':processed', ':failed', ':unsuccessful'];

/**
 * Counts every key under `prefix` (SCAN, so the server is never blocked) and sorts it:
 * a request's record and the keys that hang off an existing record, store indexes,
 * jobs of `queueNames` by their state (due or running vs finished and kept), keys that
 * expire on their own, and what is left: keys nothing live explains. A job key is
 * judged by the queue's state lists, a per-request key by its record's existence.
 */
export async function redisCensus(
  redis: Redis,
  prefix: string,
  queueNames: readonly string[],
): Promise<RedisCensus> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 2000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  const unique = [...new Set(keys)];
  const ttls = await inChunks(unique, (chunk) => {
    const pipeline = redis.pipeline();
    for (const key of chunk) pipeline.pttl(key);
    return pipeline.exec().then((replies) => (replies ?? []).map(([, ttl]) => Number(ttl)));
  });
  const live = new Set<string>();
  const kept = new Set<string>();
  for (const queue of queueNames) {
    const base = `${prefix}:${queue}:`;
    const pipeline = redis.pipeline();
    for (const list of ['wait', 'paused', 'active']) pipeline.lrange(`${base}${list}`, 0, '-1');
    for (const set of ['delayed', 'prioritized', 'waiting-children'])
      pipeline.zrange(`${base}${set}`, 0, '-1');
    for (const set of ['completed', 'failed']) pipeline.zrange(`${base}${set}`, 0, '-1');
    const replies = (await pipeline.exec()) ?? [];
    replies.forEach(([, ids], i) => {
      for (const id of ids as string[]) (i < 6 ? live : kept).add(`${base}${id}`);
    });
  }
  const records = new Set(unique.filter((key) => key.startsWith(`${prefix}:req:`)));
  let recordKeys = 0;
  let liveJobs = 0;
  let keptJobs = 0;
  let expiring = 0;
  const beyond: string[] = [];
  unique.forEach((key, i) => {
    if ((ttls[i] ?? -1) > 0) return void expiring++;
    if (records.has(key)) return;
    const rest = key.slice(prefix.length + 1);
    const queue = queueNames.find((name) => rest.startsWith(`${name}:`));
    if (queue !== undefined) {
      const part = rest.slice(queue.length + 1);
      const job = JOB_SUFFIXES.reduce(
        (k, suffix) => (k.endsWith(suffix) ? k.slice(0, -suffix.length) : k),
        key,
      );
      if (QUEUE_STRUCTURE.has(part) || part.startsWith('repeat:') || live.has(job)) return void liveJobs++;
      if (kept.has(job)) return void keptJobs++;
      return void beyond.push(key);
    }
    const kind = rest.split(':')[0] ?? '';
    if ((PER_REQUEST as readonly string[]).includes(kind)) {
      const id = rest.slice(kind.length + 1);
      if (records.has(`${prefix}:req:${id}`)) return void recordKeys++;
      return void beyond.push(key);
    }
    if (kind === 'done' || kind === 'stepup') return void beyond.push(key); // these always carry a TTL
    recordKeys++;
  });
  return {
    total: unique.length,
    records: records.size,
    recordKeys,
    liveJobs,
    keptJobs,
    expiring,
    beyondLive: beyond.length,
    beyondLiveSample: beyond.slice(0, 5),
  };
}

async function inChunks<T, R>(
  items: readonly T[],
  work: (chunk: readonly T[]) => Promise<R[]>,
): Promise<R[]> {
  const results: R[] = [];
  for (let at = 0; at < items.length; at += 1000) results.push(...(await work(items.slice(at, at + 1000))));
  return results;
}
