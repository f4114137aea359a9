import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freePorts } from '../../harness/free-port.ts';
import { startOidcProvider, type OidcProviderHarness } from '../../harness/oidc-dev-login-provider.ts';
import { startConsoleFixture, type ConsoleFixture } from '../../unit/adapters/web/console-fixture.ts';
import { launchChromium } from './browser.ts';

let idp: OidcProviderHarness;
let fx: ConsoleFixture;
let browser: Browser;

before(async () => {
  const [port = 0] = await freePorts(1);
  idp = await startOidcProvider([`http://127.0.0.1:${port}/auth/callback`], {
    'sub-alice': { email: 'alice@example.com', name: 'Alice Example' },
    'sub-stranger': { email: 'stranger@example.com' },
  });
  fx = await startConsoleFixture({
    port,
    console: { sessionSecret: 'z'.repeat(40) },
    oidc: { issuerUrl: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, requiredAmr: [] },
    identity: {
      mode: 'table',
      table: {
        slack: {},
        teams: {},
        web: { 'sub-alice': { username: 'alice@example.com', groups: ['developers'] } },
        emailGroups: {},
      },
      emailUsernamePrefix: '',
    },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await fx?.stop();
  await idp?.stop();
});

/** Goes to `path` signed out and signs in at the identity provider as `subject`. */
async function signInAt(page: Page, path: string, subject: string): Promise<void> {
  await page.goto(`${fx.url}${path}`);
  assert.match(page.url(), /\/login\?next=/);
  await page.click('a.btn.primary');
  await page.waitForURL(`${idp.issuer}/**`, { waitUntil: 'commit' });
  await page.locator('input[name="login"]').fill(subject);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
}

describe('console sign-in with OpenID Connect (oidc-provider in-process, Chromium)', () => {
  test('a person the identity table knows signs in with code + PKCE and lands where they were going', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAt(page, '/approvals', 'sub-alice');
    await page.waitForURL(`${fx.url}/approvals`);
    assert.equal(
      await page.locator('.user').textContent(),
      'alice@example.com',
      'named by Kubernetes username, not the editable OIDC name claim',
    );
    assert.equal(await page.locator('.dev-banner').count(), 0, 'no dev banner with OIDC');
    assert.equal(await page.locator('h1').textContent(), 'Approvals');
    const cookies = await context.cookies(fx.url);
    const session = cookies.find((c) => c.name === 'countersign');
    assert.ok(session?.httpOnly && session.sameSite === 'Strict');
    assert.equal(
      cookies.find((c) => c.name === 'countersign-oidc'),
      undefined,
      'the sign-in transaction cookie is gone',
    );
    await page.goto(`${fx.url}/submit`);
    await page.fill('#command', 'whoami');
    await page.click('.command-form button[type=submit]');
    assert.match(
      (await page.locator('.answer').textContent()) ?? '',
      /In Kubernetes you are alice@example\.com with developers\./,
    );
    await context.close();
  });

  test('someone the identity table does not know is told so and is not signed in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAt(page, '/mine', 'sub-stranger');
    await page.locator('h1', { hasText: 'Not known to Countersign' }).waitFor();
    assert.match((await page.locator('.message').textContent()) ?? '', /not in Countersign's identity table/);
    await page.goto(`${fx.url}/mine`);
    assert.match(page.url(), /\/login\?next=/);
    await context.close();
  });

  test('a callback that this browser did not start is refused', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${fx.url}/auth/callback?code=stolen&state=guessed`);
    assert.equal(response?.status(), 400);
    assert.match((await page.locator('.message').textContent()) ?? '', /Sign-in did not complete/);
    await context.close();
  });
});
