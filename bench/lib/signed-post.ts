import { postToBolt, signRequest, type UnsignedRequest } from '../../test/fakes/fake-slack/sign-request.ts';

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
 * or failed request is never counted as an acknowledgement.
 */
export async function signedPost(
  url: string,
  request: UnsignedRequest,
  signingSecret: string,
): Promise<TimedResponse> {
  const signed = signRequest(request, { signingSecret });
  const started = performance.now();
  const response = await postToBolt(url, signed);
  const ms = performance.now() - started;
  if (response.status !== 200) {
    throw new Error(`${url} answered ${response.status}: ${response.text.slice(0, 300)}`);
  }
  return { ms, status: response.status, text: response.text };
}
