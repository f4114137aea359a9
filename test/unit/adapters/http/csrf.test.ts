import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { checkCsrf } from '../../../../src/adapters/http/csrf.ts';
import type { Session } from '../../../../src/adapters/web/ingress/session.ts';

const session: Session = { id: 'a'.repeat(22), csrf: 'T'.repeat(43), expiresAt: Date.UTC(2030, 0, 1) };
const publicRules = { publicOrigin: 'https://countersign.example.com' };

function req(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('checkCsrf', () => {
  const own = { origin: 'https://countersign.example.com', host: 'countersign.example.com' };

  test('accepts the console’s own origin with the session’s token', () => {
    assert.deepEqual(checkCsrf(req(own), session, session.csrf, publicRules), { ok: true });
  });

  test('refuses another origin even with the right token', () => {
    const verdict = checkCsrf(
      req({ ...own, origin: 'https://evil.example' }),
      session,
      session.csrf,
      publicRules,
    );
    assert.equal(verdict.ok, false);
    assert.equal(checkCsrf(req({ ...own, origin: 'null' }), session, session.csrf, publicRules).ok, false);
    assert.equal(
      checkCsrf(
        req({ ...own, origin: 'https://countersign.example.com.evil.example' }),
        session,
        session.csrf,
        publicRules,
      ).ok,
      false,
    );
  });

  test('refuses a missing, wrong or truncated token, and a POST with no session', () => {
    assert.equal(checkCsrf(req(own), session, undefined, publicRules).ok, false);
    assert.equal(checkCsrf(req(own), session, 'T'.repeat(42), publicRules).ok, false);
    assert.equal(checkCsrf(req(own), session, 'U'.repeat(43), publicRules).ok, false);
    assert.equal(checkCsrf(req(own), undefined, session.csrf, publicRules).ok, false);
  });

  test('without Origin, only Sec-Fetch-Site: same-origin will do', () => {
    const host = { host: 'countersign.example.com' };
    assert.equal(checkCsrf(req(host), session, session.csrf, publicRules).ok, false);
    assert.equal(
      checkCsrf(req({ ...host, 'sec-fetch-site': 'cross-site' }), session, session.csrf, publicRules).ok,
      false,
    );
    assert.equal(
      checkCsrf(req({ ...host, 'sec-fetch-site': 'same-site' }), session, session.csrf, publicRules).ok,
      false,
    );
    assert.equal(
      checkCsrf(req({ ...host, 'sec-fetch-site': 'same-origin' }), session, session.csrf, publicRules).ok,
      true,
    );
  });

  test('the loopback address the browser used counts as own; a non-loopback Host never does', () => {
    const rules = { publicOrigin: 'http://127.0.0.1:8080' };
    const viaLocalhost = { origin: 'http://localhost:8080', host: 'localhost:8080' };
    assert.equal(checkCsrf(req(viaLocalhost), session, session.csrf, rules).ok, true);
    assert.equal(
      checkCsrf(
        req({ origin: 'http://localhost:9999', host: 'localhost:8080' }),
        session,
        session.csrf,
        rules,
      ).ok,
      false,
      'another port on the same host is another origin',
    );
    assert.equal(
      checkCsrf(req({ origin: 'http://evil.example', host: 'evil.example' }), session, session.csrf, rules)
        .ok,
      false,
      'a Host header naming the attacker’s own site proves nothing',
    );
  });
});
