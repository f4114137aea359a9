import { Watch, type KubeConfig } from '@kubernetes/client-node';

/** One change the API server reported, stamped when this process received it. */
export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly name: string;
  readonly object: Record<string, unknown>;
  /** `Date.now()` on receipt (comparable with `expiresAt` and other wall-clock times). */
  readonly wallMs: number;
  /** `performance.now()` on receipt (for intervals timed in this process). */
  readonly perfMs: number;
}

/** A running watch; `stop()` ends it. */
export interface ResourceWatch {
  stop(): void;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
}

interface Meta {
  readonly metadata?: { readonly name?: string; readonly resourceVersion?: string };
}

/**
 * Watches a collection (`/apis/apps/v1/namespaces/X/deployments`) from
 * `resourceVersion` on, so only changes after that point are reported, and resumes
 * from the last version seen when the server closes the stream or client-node drops
 * it after 30 s without events (with bookmarks so that version stays fresh). A watch the server refuses to resume (410 Gone) or any
 * other error is fatal: `onError` is called and nothing more is reported, because a
 * gap would make the timings wrong.
 */
export async function watchResource(
  kc: KubeConfig,
  path: string,
  options: { readonly resourceVersion: string; readonly labelSelector?: string },
  onEvent: (event: WatchEvent) => void,
  onError: (error: Error) => void,
): Promise<ResourceWatch> {
  const watch = new Watch(kc);
  let resourceVersion = options.resourceVersion;
  let stopped = false;
  let controller: AbortController | undefined;
  const start = async (): Promise<void> => {
    controller = await watch.watch(
      path,
      {
        resourceVersion,
        allowWatchBookmarks: true,
        ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
      },
      (phase: string, object: Meta & { code?: number; message?: string }) => {
        const wallMs = Date.now();
        const perfMs = performance.now();
        if (phase === 'ERROR') {
          stopped = true;
          controller?.abort();
          onError(new Error(`watch of ${path} failed: ${object.code} ${object.message}`));
          return;
        }
        resourceVersion = object.metadata?.resourceVersion ?? resourceVersion;
        if (phase === 'BOOKMARK') return;
        onEvent({
          type: phase as WatchEvent['type'],
          name: object.metadata?.name ?? '',
          object: object as Record<string, unknown>,
          wallMs,
          perfMs,
        });
      },
      (error: unknown) => {
        if (stopped) return;
        // client-node ends a watch after 30 s without events (TimeoutError): resume, losing nothing.
        const name = (error as { name?: unknown } | null)?.name;
        const idle = name === 'AbortError' || name === 'TimeoutError';
        if (error && !idle) {
          stopped = true;
          onError(new Error(`watch of ${path} ended: ${describe(error)}`, { cause: error }));
          return;
        }
        start().catch((restartError: unknown) => {
          stopped = true;
          onError(
            new Error(`watch of ${path} could not resume: ${describe(restartError)}`, {
              cause: restartError,
            }),
          );
        });
      },
    );
  };
  await start();
  return {
    stop() {
      stopped = true;
      controller?.abort();
    },
  };
}
