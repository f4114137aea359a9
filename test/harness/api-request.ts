import { request } from 'node:https';

/** Where and as whom to call: a started ControlPlane fits. */
export interface ApiTarget {
  readonly server: string;
  readonly caData: string;
  readonly tokens: Readonly<Record<string, string>>;
}

/** A raw API answer: the status code and the parsed JSON body (undefined when empty or not JSON). */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Calls the test API server as `user` over TLS checked against the control plane's
 * CA, for tests that must see exact status codes or run without a client library.
 * Never throws on a non-2xx status; rejects only when the request cannot be made.
 */
export function apiRequest(
  target: ApiTarget,
  user: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse> {
  const token = target.tokens[user];
  if (token === undefined) return Promise.reject(new Error(`no token for user ${user}`));
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, target.server),
      {
        method,
        ca: Buffer.from(target.caData, 'base64'),
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.once('error', reject);
    req.end(payload);
  });
}
