import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COUNTERSIGN_APPROVED_GROUP } from '../../../../src/adapters/kubernetes/approved-group.ts';

const EXTRA = { 'impersonate-extra-countersign.kubernetes.io%2Fapproved': 'true' };
import {
  type Dispatcher,
  impersonating,
  refuseReservedIdentity,
} from '../../../../src/adapters/kubernetes/impersonation.ts';

type Dispatch = Dispatcher['dispatch'];
type Interceptor = (dispatch: Dispatch) => Dispatch;

/** Records what the impersonating wrapper passes down, instead of sending anything. */
function headersSentFor(headers: unknown, user: { username: string; groups: string[] }): unknown {
  let sent: unknown;
  const base = {
    compose: (interceptor: Interceptor) => {
      const dispatch = interceptor((options: { headers?: unknown }) => {
        sent = options.headers;
        return true;
      });
      return { dispatch } as unknown as Dispatcher;
    },
  } as unknown as Dispatcher;
  impersonating(base, user).dispatch({ path: '/', method: 'GET', headers } as Parameters<Dispatch>[0], {});
  return sent;
}

describe('impersonation headers', () => {
  test('one Impersonate-User, one Impersonate-Group line per group (the approved group last) and the approved user extra, other headers kept', () => {
    const sent = headersSentFor(
      { authorization: 'Bearer t', accept: 'application/json' },
      { username: 'bob', groups: ['sre', 'oncall'] },
    );
    assert.deepEqual(sent, {
      authorization: 'Bearer t',
      accept: 'application/json',
      'impersonate-user': 'bob',
      'impersonate-group': ['sre', 'oncall', COUNTERSIGN_APPROVED_GROUP],
      ...EXTRA,
    });
  });

  test('a requester cannot smuggle the approved marker in twice', () => {
    const sent = headersSentFor({}, { username: 'eve', groups: [COUNTERSIGN_APPROVED_GROUP, 'dev'] });
    assert.deepEqual(sent, {
      'impersonate-user': 'eve',
      'impersonate-group': ['dev', COUNTERSIGN_APPROVED_GROUP],
      ...EXTRA,
    });
  });

  test('an impersonation header already present (kubeconfig `as:`) is replaced, whatever its case', () => {
    const sent = headersSentFor(
      { 'Impersonate-User': 'admin', 'Impersonate-Group': 'system:masters' },
      { username: 'alice', groups: [] },
    );
    assert.deepEqual(sent, {
      'impersonate-user': 'alice',
      'impersonate-group': [COUNTERSIGN_APPROVED_GROUP],
      ...EXTRA,
    });
  });

  test('flat header arrays and iterables of pairs are understood', () => {
    assert.deepEqual(headersSentFor(['accept', 'application/json'], { username: 'a', groups: ['g'] }), {
      accept: 'application/json',
      'impersonate-user': 'a',
      'impersonate-group': ['g', COUNTERSIGN_APPROVED_GROUP],
      ...EXTRA,
    });
    assert.deepEqual(headersSentFor(new Map([['accept', 'text/plain']]), { username: 'a', groups: [] }), {
      accept: 'text/plain',
      'impersonate-user': 'a',
      'impersonate-group': [COUNTERSIGN_APPROVED_GROUP],
      ...EXTRA,
    });
  });

  test('never a system: identity: system:masters, a node, a ServiceAccount name (fails closed, issue 15 item 11)', () => {
    for (const user of [
      { username: 'mallory', groups: ['sre', 'system:masters'] },
      { username: 'system:node:ip-10-0-1-12', groups: [] },
      { username: 'system:serviceaccount:kube-system:default', groups: [] },
      { username: 'eve', groups: ['system:nodes'] },
    ]) {
      assert.throws(() => refuseReservedIdentity(user), /never acts as system:/, JSON.stringify(user));
      assert.throws(() => headersSentFor({}, user), /never acts as system:/);
    }
    assert.doesNotThrow(() => refuseReservedIdentity({ username: 'alice', groups: ['developers'] }));
  });
});
