import { clusterCallFailure, type ClusterCall, type ClusterCallReply } from '../core/ports/cluster-call.ts';
import type { ClusterPort, Preview } from '../core/ports/cluster.ts';
import type { JobDeps, JobProcessor } from './job-context.ts';

/** The key of a `cluster-call` job's details that holds its {@link ClusterCallReply} as JSON. */
export const CLUSTER_CALL_REPLY = 'reply';

/**
 * The `cluster-call` processor: makes, with the worker's own credentials, the one
 * cluster operation `serve` asked for, and answers with its value or its failure
 * (never a thrown error, so nothing retries a call its caller has stopped waiting for).
 */
export function clusterCallProcessor(deps: JobDeps): JobProcessor<'cluster-call'> {
  const { cluster } = deps.workflow;
  return async ({ call }) => {
    let reply: ClusterCallReply;
    try {
      reply = { ok: true, value: await run(cluster, call) };
    } catch (error) {
      reply = { ok: false, failure: clusterCallFailure(error) };
    }
    return {
      outcome: reply.ok ? 'done' : 'refused',
      details: { [CLUSTER_CALL_REPLY]: JSON.stringify(reply) },
    };
  };
}

async function run(cluster: ClusterPort, call: ClusterCall): Promise<Preview | boolean | null> {
  switch (call.op) {
    case 'preview':
      return cluster.preview(call.cluster, call.request, call.as);
    case 'update-grant-expiry':
      await cluster.updateGrantExpiry(call.cluster, call.ref, call.expiresAt);
      return null;
    case 'delete-grant':
      return cluster.deleteGrant(call.cluster, call.ref);
  }
}
