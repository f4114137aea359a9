import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { CountersignError } from '../../src/core/errors.ts';

function status(url: string, token: string | undefined): Promise<number> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        timeout: 2000,
        // Readiness probe only: the CA the server generated is read after it answers.
        rejectUnauthorized: false,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(0));
    req.end();
  });
}

/** How long to poll and what to check between polls. */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly token?: string;
  /** Returns why waiting is pointless (the server process died), or undefined. */
  readonly gaveUp?: () => string | undefined;
}

/**
 * Polls `url` until it answers 200; fails fast when `gaveUp` reports a reason and
 * after `timeoutMs` otherwise. TLS certificates are not checked.
 */
export async function waitForHttp200(url: string, options: WaitOptions): Promise<void> {
  const deadline = performance.now() + options.timeoutMs;
  let last = 0;
  for (let delay = 50; performance.now() < deadline; delay = Math.min(delay * 1.5, 250)) {
    const reason = options.gaveUp?.();
    if (reason) throw new CountersignError('control_plane_start_failed', `${url}: ${reason}`);
    last = await status(url, options.token);
    if (last === 200) return;
    await sleep(delay);
  }
  throw new CountersignError(
    'control_plane_start_failed',
    `${url} did not answer 200 within ${options.timeoutMs} ms (last status ${last || 'none'})`,
  );
}
