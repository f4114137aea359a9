import type { Route } from './http-server.ts';

/** One dependency the process cannot serve without (Redis). */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it does not. */
  check(): Promise<unknown>;
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

/**
 * `/healthz` (the process is alive: always 200 while it can answer, with `details()` —
 * e.g. each cluster's last reachability — in the JSON body) and `/readyz` (200 only when
 * every check answers: what the process cannot work without, i.e. Redis; 503 with the
 * failing checks named). `draining()` turns readiness off during shutdown so traffic moves
 * away first.
 */
export function healthRoutes(
  checks: readonly ReadinessCheck[],
  draining: () => boolean,
  details: () => Record<string, unknown> = () => ({}),
): Route[] {
  return [
    {
      prefix: '/healthz',
      handler: (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: true, ...details() }));
      },
    },
    {
      prefix: '/readyz',
      handler: async (_req, res) => {
        if (draining()) {
          res
            .writeHead(503, { 'content-type': 'application/json' })
            .end(JSON.stringify({ ready: false, draining: true }));
          return;
        }
        const results = await Promise.all(
          checks.map(async (c) => {
            try {
              await withTimeout(c.check(), CHECK_TIMEOUT_MS);
              return { name: c.name, ok: true };
            } catch (error) {
              return {
                name: c.name,
                ok: false,
                error: error instanceof Error ? error.message : String(error),
              };
            }
          }),
        );
        const ready = results.every((r) => r.ok);
        res
          .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ready, checks: results }));
      },
    },
  ];
}
