import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import { SessionCookies, SIGNED_IN_LIFETIME_MS } from '../../../../src/adapters/web/ingress/session.ts';

const SECRET = 's'.repeat(40);

function responseRecorder(): { res: ServerResponse; cookies: () => string[] } {
  const headers = new Map<string, unknown>();
  const res = {
    getHeader: (name: string) => headers.get(name),
    setHeader: (name: string, value: unknown) => headers.set(name, value),
  } as unknown as ServerResponse;
  return { res, cookies: () => (headers.get('set-cookie') as string[] | undefined) ?? [] };
}

function requestWith(cookie: string): IncomingMessage {
  return { headers: { cookie } } as unknown as IncomingMessage;
}

function valueOf(setCookie: string): string {
  return setCookie.split(';')[0] ?? '';
}

describe('SessionCookies', () => {
  let now = Date.UTC(2026, 2, 3, 10);
  const clock = () => now;

  test('round-trips a signed-in session; attributes are HttpOnly, SameSite=Strict, Path=/', () => {
    const sessions = new SessionCookies(SECRET, { secure: false, now: clock });
    const session = sessions.fresh({ kind: 'dev', username: 'alice' });
    const { res, cookies } = responseRecorder();
    sessions.write(res, session);
    const [cookie = ''] = cookies();
    assert.match(cookie, /^countersign=[A-Za-z0-9_.-]+; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict$/);
    assert.deepEqual(sessions.read(requestWith(valueOf(cookie))), session);
  });

  test('over https the cookie is Secure with the __Host- prefix', () => {
    const sessions = new SessionCookies(SECRET, { secure: true, now: clock });
    const { res, cookies } = responseRecorder();
    sessions.write(res, sessions.fresh());
    assert.match(cookies()[0] ?? '', /^__Host-countersign=.*; Secure$/);
  });

  test('a tampered, foreign-secret or expired cookie reads as no session', () => {
    const sessions = new SessionCookies(SECRET, { secure: false, now: clock });
    const { res, cookies } = responseRecorder();
    sessions.write(res, sessions.fresh({ kind: 'dev', username: 'alice' }));
    const cookie = valueOf(cookies()[0] ?? '');
    const [body = '', mac = ''] = cookie.slice('countersign='.length).split('.');
    const forgedBody = Buffer.from(
      Buffer.from(body, 'base64url').toString().replace('"alice"', '"bob"'),
    ).toString('base64url');
    assert.equal(sessions.read(requestWith(`countersign=${forgedBody}.${mac}`)), undefined);
    const other = new SessionCookies('o'.repeat(40), { secure: false, now: clock });
    assert.equal(other.read(requestWith(cookie)), undefined);
    now += SIGNED_IN_LIFETIME_MS + 1;
    assert.equal(sessions.read(requestWith(cookie)), undefined);
  });

  test('every fresh session has its own ID and CSRF token', () => {
    const sessions = new SessionCookies(SECRET, { secure: false, now: clock });
    const a = sessions.fresh();
    const b = sessions.fresh({ kind: 'dev', username: 'alice' });
    assert.notEqual(a.id, b.id);
    assert.notEqual(a.csrf, b.csrf);
    assert.ok(a.csrf.length >= 43);
  });
});
