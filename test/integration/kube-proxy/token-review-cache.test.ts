import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { passThroughGate } from '../../../src/adapters/kube-proxy/proxy-gate.ts';
import { TOKEN_CACHE_MS, TOKEN_REFRESH_AFTER_MS } from '../../../src/adapters/kube-proxy/token-reviewer.ts';
import { startControlPlane, type ControlPlane } from '../../harness/control-plane.ts';
import { KubectlError, runKubectl } from '../../harness/run-kubectl.ts';
import { startProxyFixture, type ProxyFixture } from './proxy-fixture.ts';

const NS = 'token-cache';
const SA = 'short-lived';
/** How long the API server's own token cache (10 s) and a retry may take to notice a deleted ServiceAccount. */
const NOTICE_WITHIN_MS = 60_000;

/**
 * Who the API server says `token` is, by one request (`kubectl create --raw` of a
 * SelfSubjectReview: no discovery first), or undefined when the token was refused (401).
 */
async function whoami(binary: string, kubeconfig: string, token: string): Promise<string | undefined> {
  try {
    const out = await runKubectl(
      binary,
      [
        '--kubeconfig',
        kubeconfig,
        '--token',
        token,
        'create',
        '--raw',
        '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        '-f',
        '-',
      ],
      JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
    );
    return (JSON.parse(out) as { status: { userInfo: { username: string } } }).status.userInfo.username;
  } catch (error) {
    if (error instanceof KubectlError && /Unauthorized|must be logged in/i.test(error.stderr))
      return undefined;
    throw error;
  }
}

/** Asks again (each kubectl run is one request) until the token is refused; false if it never was. */
async function refusedWithin(ask: () => Promise<string | undefined>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) if ((await ask()) === undefined) return true;
  return false;
}

describe('countersign proxy: the TokenReview cache, with the real kubectl', () => {
  let cp: ControlPlane;
  let f: ProxyFixture;
  let clock = 0;
  before(async () => {
    cp = await startControlPlane({});
    await cp.kubectl(['create', 'namespace', NS]);
    await cp.kubectl(['create', 'serviceaccount', SA, '-n', NS]);
    // A ServiceAccount token is one the cluster can revoke (delete the account). The base
    // RBAC lets Countersign impersonate users, not ServiceAccounts: allow this one here.
    await cp.kubectl([
      'create',
      'role',
      'impersonate-sa',
      '-n',
      NS,
      '--verb=impersonate',
      '--resource=serviceaccounts',
      `--resource-name=${SA}`,
    ]);
    await cp.kubectl([
      'create',
      'rolebinding',
      'impersonate-sa',
      '-n',
      NS,
      '--role=impersonate-sa',
      '--user=system:serviceaccount:countersign:countersign',
    ]);
    f = await startProxyFixture(cp, passThroughGate, () => clock);
  });
  after(async () => {
    await f?.stop();
    await cp?.stop();
  });

  test('a token used again past the refresh age is answered from the cache and re-reviewed behind it, so a revoked one is refused before the cache lifetime ends', async () => {
    const token = (await cp.kubectl(['create', 'token', SA, '-n', NS])).trim();
    const name = `system:serviceaccount:${NS}:${SA}`;
    const viaProxy = () => whoami(cp.binaries.kubectl, f.kubeconfig('alice'), token);
    const direct = () => whoami(cp.binaries.kubectl, cp.kubeconfigFor('alice'), token);
    assert.equal(await viaProxy(), name, 'reviewed and cached at 0');

    await cp.kubectl(['delete', 'serviceaccount', SA, '-n', NS]);
    assert.ok(await refusedWithin(direct, NOTICE_WITHIN_MS), 'the API server itself refuses the token');

    clock = TOKEN_REFRESH_AFTER_MS;
    assert.ok(clock < TOKEN_CACHE_MS);
    assert.equal(
      await viaProxy(),
      name,
      'the request went on with the cached answer, not waiting for a review',
    );
    assert.ok(
      await refusedWithin(viaProxy, NOTICE_WITHIN_MS),
      'the review behind it learnt the token is revoked, with the clock still inside the cache lifetime',
    );
  });
});
