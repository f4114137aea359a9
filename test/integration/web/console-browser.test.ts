import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatCardTime } from '../../../src/core/cards/format-time.ts';
import { launchChromium, SCREENSHOTS } from './browser.ts';
import { startConsoleStack, type ConsoleStack } from './console-stack.ts';

const SCALE = 'scale deployment/api --replicas 5 -n prod-payments --reason "INC-4312 load"';
const ACCESS = '/k8s-request access role/view -n prod-payments --for 1h --reason "debug INC-4312"';

let stack: ConsoleStack;
let browser: Browser;
const contexts: BrowserContext[] = [];

before(async () => {
  [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
});

after(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

/** A fresh browser context (its own cookies) signed in as a sandbox user through the dev-users page. */
async function personAs(username: string, shot?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 860 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${stack.url}/`);
  assert.match(page.url(), /\/login\?next=/);
  await page.locator('.dev-banner').waitFor();
  if (shot) await page.screenshot({ path: `${SCREENSHOTS}${shot}.png` });
  await page.click(`button[data-user="${username}"]`);
  await page.waitForURL(`${stack.url}/mine`);
  return page;
}

function card(page: Page, id: string) {
  return page.locator(`article.card[data-request-id="${id}"]`);
}

async function replicas(): Promise<string> {
  return stack.cp.kubectl([
    'get',
    'deployment',
    'api',
    '-n',
    'prod-payments',
    '-o',
    'jsonpath={.spec.replicas}',
  ]);
}

describe('the web console in Chromium, on Redis, BullMQ and a real control plane', () => {
  let requestId = '';
  let alice: Page;
  let bob: Page;
  let carol: Page;

  test('a developer signs in as a dev user and files a scale by typing it', async () => {
    alice = await personAs('alice', 'console-login');
    await alice.goto(`${stack.url}/submit`);
    await alice.fill('#command', SCALE);
    await alice.screenshot({ path: `${SCREENSHOTS}console-submit.png` });
    await alice.click('.command-form button[type=submit]');
    await alice.waitForURL(/\/requests\/cs-[a-z0-9]+$/);
    requestId = /cs-[a-z0-9]+$/.exec(alice.url())?.[0] ?? '';
    const pending = card(alice, requestId);
    assert.equal(await pending.locator('.status').textContent(), 'Waiting for approval');
    assert.match((await pending.locator('.progress').textContent()) ?? '', /0 of 2 approvals/);
    assert.match((await pending.locator('.preview').textContent()) ?? '', /3 → 5|3 to 5/);
    assert.match((await pending.locator('.rules').textContent()) ?? '', /prod-scale/);
    await alice.locator('body[data-stream="open"]').waitFor();
    await alice.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
    await alice.screenshot({ path: `${SCREENSHOTS}console-request-pending.png`, fullPage: true });
  });

  test('the requester clicking Approve on her own card is refused by the core, and nothing changes', async () => {
    await card(alice, requestId).locator('form.action-approve button').click();
    await alice.locator('#flash.tone-bad').waitFor();
    assert.match((await alice.locator('#flash').textContent()) ?? '', /you cannot approve it/);
    await alice.screenshot({ path: `${SCREENSHOTS}console-self-approval-refused.png` });
    const record = await stack.composed.deps.store.get(requestId);
    assert.equal(record?.approvals.length, 0);
    assert.equal(record?.state, 'pending');
  });

  test('the first approver approves from their queue; the requester’s page updates without a reload', async () => {
    bob = await personAs('bob');
    await bob.goto(`${stack.url}/approvals`);
    const waiting = card(bob, requestId);
    await waiting.waitFor();
    assert.match((await bob.locator('#nav').textContent()) ?? '', /Approvals\s*1/);
    await bob.screenshot({ path: `${SCREENSHOTS}console-approvals.png`, fullPage: true });
    await waiting.locator('form.action-approve button').click();
    await bob.locator('#flash.tone-good').waitFor();
    assert.match((await bob.locator('#flash').textContent()) ?? '', /You approved .* 1 of 2 approvals/);

    await card(alice, requestId)
      .locator('.progress', { hasText: '1 of 2 approvals' })
      .waitFor({ timeout: 15_000 });
    assert.equal(await alice.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument), true);
  });

  test('a forged cross-site POST from another site is refused and approves nothing', async () => {
    carol = await personAs('carol');
    const evil = await startEvilSite(`${stack.url}/requests/${requestId}/approve`);
    try {
      const [response] = await Promise.all([
        carol.waitForResponse((r) => r.url().endsWith(`/requests/${requestId}/approve`)),
        carol.goto(evil.url),
      ]);
      assert.equal(response.status(), 403);
      assert.equal(response.request().headers().origin, new URL(evil.url).origin);
      await carol.locator('body', { hasText: 'Refused' }).waitFor();
      await carol.screenshot({ path: `${SCREENSHOTS}console-forged-post-refused.png` });
    } finally {
      await new Promise<void>((resolve) => evil.server.close(() => resolve()));
    }
    const record = await stack.composed.deps.store.get(requestId);
    assert.deepEqual(
      record?.approvals.map((a) => a.approver.username),
      ['bob'],
      'the forged request added no approval',
    );
  });

  test('the second approver approves; the worker scales the deployment; card and timeline update live', async () => {
    assert.equal(await replicas(), '3');
    await carol.goto(`${stack.url}/requests/${requestId}`);
    await card(carol, requestId).locator('form.action-approve button').click();
    await carol.locator('#flash.tone-good').waitFor();

    const done = card(alice, requestId).locator('.status', { hasText: 'Done' });
    await done.waitFor({ timeout: 30_000 });
    assert.equal(await replicas(), '5');
    await alice.locator('.timeline .event-executed').waitFor({ timeout: 10_000 });
    const timeline = (await alice.locator('.timeline').textContent()) ?? '';
    assert.match(timeline, /Approved by bob/);
    assert.match(timeline, /Approved by carol/);
    assert.match(timeline, /Executed/);
    assert.equal(await alice.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument), true);
    await alice.locator('#flash:empty').waitFor({ state: 'attached', timeout: 15_000 });
    await alice.screenshot({ path: `${SCREENSHOTS}console-request-done.png`, fullPage: true });
  });

  test('temporary access: granted after one approval, extended, then revoked from the Grants page', async () => {
    await alice.goto(`${stack.url}/submit`);
    await alice.fill('#command', ACCESS);
    await alice.click('.command-form button[type=submit]');
    await alice.waitForURL(/\/requests\/cs-[a-z0-9]+$/);
    const grantId = /cs-[a-z0-9]+$/.exec(alice.url())?.[0] ?? '';

    await bob.goto(`${stack.url}/approvals`);
    await card(bob, grantId).locator('form.action-approve button').click();
    await card(alice, grantId).locator('.status', { hasText: 'Access granted' }).waitFor({ timeout: 30_000 });
    const record = await stack.composed.deps.store.get(grantId);
    const binding = record?.grant?.bindingName ?? '';
    assert.ok(binding);
    await stack.cp.kubectl(['get', 'rolebinding', binding, '-n', 'prod-payments']);

    await alice.goto(`${stack.url}/grants`);
    const grant = card(alice, grantId);
    assert.match(
      (await grant.locator('.facts').textContent()) ?? '',
      /Granted until\s+[\d-]+ [\d:]+ UTC \((1h|59m\d+s) left\)/,
    );
    await grant.locator('form.action-extend select').selectOption('30m');
    await grant.locator('form.action-extend button').click();
    await alice.locator('#flash', { hasText: 'now lasts until' }).waitFor();
    const extended = await stack.composed.deps.store.get(grantId);
    assert.equal(extended?.grant?.expiresAt, (record?.grant?.expiresAt ?? 0) + 30 * 60_000);
    await grant.locator('.facts', { hasText: formatCardTime(extended?.grant?.expiresAt ?? 0) }).waitFor();
    await alice.screenshot({ path: `${SCREENSHOTS}console-grants.png`, fullPage: true });

    await card(alice, grantId).locator('form.action-revoke button').click();
    await alice.locator('#flash', { hasText: 'You revoked' }).waitFor();
    await card(alice, grantId).waitFor({ state: 'detached', timeout: 10_000 });
    const gone = await stack.cp.kubectl([
      'get',
      'rolebinding',
      binding,
      '-n',
      'prod-payments',
      '--ignore-not-found',
      '-o',
      'name',
    ]);
    assert.equal(gone.trim(), '');
  });

  test('the audit timeline shows every event and a verified chain', async () => {
    await alice.goto(`${stack.url}/audit`);
    await alice.locator('.verify-ok').waitFor();
    assert.match((await alice.locator('.verify').textContent()) ?? '', /Chain verified: \d+ records/);
    const text = (await alice.locator('.timeline').textContent()) ?? '';
    for (const line of [/Revoked by alice/, /Extended by alice/, /Access granted until/, /Executed/])
      assert.match(text, line);
    await alice.screenshot({ path: `${SCREENSHOTS}console-audit.png`, fullPage: true });
  });
});

/** A page on another site (http://localhost:port, while the console is on 127.0.0.1) that posts a form to `target` on load. */
async function startEvilSite(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><form method="post" action="${target}"><input name="_csrf" value="guessed"></form><script>document.forms[0].submit()</script>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://localhost:${port}/`, server };
}
