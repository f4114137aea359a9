import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Signs and verifies small JSON values for cookies: `base64url(json).base64url(hmac)`
 * with HMAC-SHA-256 under a key derived (HKDF) from the session secret and a purpose,
 * so a value signed for one cookie is never accepted as another. Not encrypted: put
 * nothing secret from the person themselves in it.
 */
export class SignedValue {
  private readonly key: Buffer;

  constructor(secret: string, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'countersign-console', purpose, 32));
  }

  sign(value: unknown): string {
    const body = Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${body}.${this.mac(body).toString('base64url')}`;
  }

  /** The value, or undefined when the text is malformed or its signature does not match. */
  verify(text: string | undefined): unknown {
    if (text === undefined) return undefined;
    const [body, mac, extra] = text.split('.');
    if (!body || !mac || extra !== undefined) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}
