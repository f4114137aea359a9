import assert from 'node:assert/strict';
import { CookieBrowser, type BrowserResponse } from '../harness/cookie-browser.ts';
import { eventually, type BotDriver, type CardCopy, type SignInAgain } from './bot-driver.ts';

const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#96;': '`',
};

/** The words a reader sees in a piece of the console's HTML, tags dropped and entities read. */
function visibleText(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|#96);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The request cards (`<article class="card" data-request-id>`) of a console page, in page order. */
function cardsOn(page: string): { requestId: string; text: string; actions: string[] }[] {
  return [...page.matchAll(/<article\b[^>]*\bdata-request-id="([^"]+)"[^>]*>([\s\S]*?)<\/article>/g)].map(
    ([, requestId = '', inner = '']) => ({
      requestId,
      text: visibleText(inner),
      actions: [...inner.matchAll(/class="action action-([a-z]+)"/g)].map((m) => m[1] ?? ''),
    }),
  );
}

/** The lines of the request page's audit timeline, oldest first. */
function timelineOf(page: string): string[] {
  return [...page.matchAll(/<span class="event-text">([\s\S]*?)<\/span>/g)].map((m) =>
    visibleText(m[1] ?? ''),
  );
}

/** The one-time message (`#flash`) a page shows after a form post. */
function flashOf(page: string): string {
  return visibleText(/<div id="flash"[^>]*>([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '');
}

function csrfOf(page: string): string {
  const token =
    /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ??
    /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  assert.ok(token, 'the page carries no CSRF token');
  return token;
}

/** What the console driver needs beyond its URL: how a person signs in again, where a story needs step-up. */
export interface WebDriverOptions {
  readonly signIn?: SignInAgain;
}

/** One signed-in person: their own cookie jar and their session's CSRF token. */
interface Person {
  readonly browser: CookieBrowser;
  readonly csrf: string;
}

/**
 * The {@link BotDriver} for the web console: real HTTP against the real console, one
 * cookie jar per person, signed in through the dev-users sign-in form; every POST
 * carries the session's CSRF token and the console's own `Origin`, as a browser's does.
 * The console posts no channel copies: a request has one card (its page, and every
 * approver's Approvals page), so `places` says whose Approvals page stands for each
 * channel a story names (`#prod-approvals` → `bob`); the card "in" a channel is the new
 * card on that person's page. A card's thread is the request page's audit timeline, and
 * what a person was told is that timeline as they read it on the request's page.
 */
export function webDriver(
  baseUrl: string,
  places: Readonly<Record<string, string>>,
  options: WebDriverOptions = {},
): BotDriver {
  const people = new Map<string, Promise<Person>>();
  const seen = new Map<string, Set<string>>();
  const placesOf = new Map<string, string[]>();

  const signIn = async (name: string): Promise<Person> => {
    const browser = new CookieBrowser();
    const login = await browser.get(`${baseUrl}/login`);
    assert.equal(login.status, 200, `the sign-in page: ${login.status}`);
    const form = new URLSearchParams({ _csrf: csrfOf(login.body), username: name, next: '/mine' });
    const signedIn = await browser.post(`${baseUrl}/login`, form, { origin: baseUrl });
    assert.equal(signedIn.status, 303, `${name} signs in: ${signedIn.status} ${signedIn.body}`);
    const { response } = await browser.follow(signedIn);
    assert.equal(response.status, 200);
    return { browser, csrf: csrfOf(response.body) };
  };
  const person = (name: string): Promise<Person> => {
    let found = people.get(name);
    if (!found) {
      found = signIn(name);
      people.set(name, found);
    }
    return found;
  };
  const page = async (name: string, path: string): Promise<string> => {
    const { browser } = await person(name);
    const response = await browser.get(`${baseUrl}${path}`);
    assert.equal(response.status, 200, `${name} reads ${path}: ${response.status}`);
    return response.body;
  };
  const post = async (name: string, path: string, fields: Record<string, string>, json: boolean) => {
    const { browser, csrf } = await person(name);
    return browser.post(
      `${baseUrl}${path}`,
      new URLSearchParams({ ...fields, _csrf: csrf }),
      json ? { origin: baseUrl, accept: 'application/json' } : { origin: baseUrl },
    );
  };
  const click = async (name: string, requestId: string, action: string, fields: Record<string, string>) => {
    const response: BrowserResponse = await post(
      name,
      `/requests/${encodeURIComponent(requestId)}/${action}`,
      fields,
      true,
    );
    const body = JSON.parse(response.body) as { message?: string };
    assert.equal(typeof body.message, 'string', `the console answered ${response.status} ${response.body}`);
    return body.message ?? '';
  };
  const reader = (channel: string): string =>
    places[channel] ?? assert.fail(`no person reads ${channel} on the console`);
  const requestPage = (name: string, requestId: string) =>
    page(name, `/requests/${encodeURIComponent(requestId)}`);

  return {
    surface: 'web',
    cardsInChannels: false,
    async request(name, text) {
      const filed = await post(name, '/submit', { text }, false);
      if (filed.status !== 303) {
        assert.fail(`no request filed: ${filed.status} ${flashOf(filed.body) || visibleText(filed.body)}`);
      }
      const { response } = await (await person(name)).browser.follow(filed);
      const requestId = /\/requests\/([^/?#]+)$/.exec(response.url)?.[1];
      assert.ok(requestId, `not sent to a request page: ${response.url}`);
      const card = cardsOn(response.body).find((c) => c.requestId === requestId);
      return { requestId, reply: `${flashOf(response.body)}\n${card?.text ?? ''}` };
    },
    approve: (name, requestId) => click(name, requestId, 'approve', {}),
    deny: (name, requestId, reason) => click(name, requestId, 'deny', { reason }),
    extend: (name, requestId, duration) => click(name, requestId, 'extend', { duration }),
    revoke: (name, requestId) => click(name, requestId, 'revoke', {}),
    acknowledge: (name, requestId) => click(name, requestId, 'acknowledge', {}),
    async breakGlass(name, text) {
      assert.ok(options.signIn, 'this console driver was given no way to sign in again');
      const filed = await post(name, '/submit', { text }, false);
      const link = filed.status === 303 ? filed.location : undefined;
      if (!link?.includes('/stepup/start/')) {
        assert.fail(`not sent to sign in again: ${filed.status} ${link ?? flashOf(filed.body)}`);
      }
      const page = await options.signIn(name, new URL(link, baseUrl).href);
      const requestId = /cs-[a-z2-7]{10}/.exec(page)?.[0];
      assert.ok(requestId, `no request ID on the page after the sign-in: ${page}`);
      return { requestId, reply: page };
    },
    async nextCard(channel, timeoutMs = 30_000) {
      const name = reader(channel);
      const shown = seen.get(channel) ?? new Set<string>();
      seen.set(channel, shown);
      const card = await eventually(
        `a new card on ${name}'s Approvals page (${channel})`,
        async () => cardsOn(await page(name, '/approvals')).find((c) => !shown.has(c.requestId)),
        timeoutMs,
      );
      shown.add(card.requestId);
      placesOf.set(card.requestId, [...(placesOf.get(card.requestId) ?? []), channel]);
      return { requestId: card.requestId, where: channel, text: card.text, actions: card.actions };
    },
    async cardCopies(requestId) {
      const copies: CardCopy[] = [];
      for (const channel of placesOf.get(requestId) ?? []) {
        const card = cardsOn(await requestPage(reader(channel), requestId)).find(
          (c) => c.requestId === requestId,
        );
        if (card) copies.push({ requestId, where: channel, text: card.text, actions: card.actions });
      }
      return copies;
    },
    async threadLines(requestId, channel) {
      return timelineOf(await requestPage(reader(channel), requestId));
    },
    async directMessages(name, requestId) {
      return timelineOf(await requestPage(name, requestId));
    },
  };
}
