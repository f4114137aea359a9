import { request } from 'undici';
import { signRequest, type UnsignedRequest } from '../../test/fakes/fake-slack/sign-request.ts';

/** What a signed POST got back and how long it took from sending to the full response. */
export interface TimedResponse {
  readonly ms: number;
  readonly status: number;
  readonly text: string;
}

/**
 * Signs `request` as Slack does (HMAC-SHA256 of the body under the signing secret,
 * timestamp now) and POSTs it to a Bolt endpoint, timing from the moment it is sent to
 * the moment the whole response is read. Throws unless Bolt answered 200, so a refused
 * or failed request is never counted as an acknowledgement. It sends with undici's
 * `request` on a keep-alive pool rather than `fetch`: the client stands in for Slack's
 * servers, and on a 2-core machine what it spends per click is taken from the
 * processes being measured.
 */
export async function signedPost(
  url: string,
  unsigned: UnsignedRequest,
  signingSecret: string,
): Promise<TimedResponse> {
  const signed = signRequest(unsigned, { signingSecret });
  const started = performance.now();
  const response = await request(url, { method: 'POST', headers: signed.headers, body: signed.body });
  const text = await response.body.text();
  const ms = performance.now() - started;
  if (response.statusCode !== 200) {
    throw new Error(`${url} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  }
  return { ms, status: response.statusCode, text };
}
