import {
  constants,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/** An RSA signing key with the `kid` its JWKS entry carries. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** A new 2048-bit RSA signing key. */
export function newSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomBytes(8).toString('hex'), privateKey, publicKey };
}

/** The key's public half as a JWKS entry, with extra members (e.g. Bot Framework `endorsements`). */
export function publicJwk(key: SigningKey, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const jwk = key.publicKey.export({ format: 'jwk' });
  return { kty: 'RSA', use: 'sig', alg: 'RS256', kid: key.kid, n: jwk.n, e: jwk.e, ...extra };
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An RS256 JWT of `payload`, signed with `key` (or any private key with `header` fields of choice). */
export function signJwt(
  payload: Record<string, unknown>,
  key: Pick<SigningKey, 'kid' | 'privateKey'>,
  header: Record<string, unknown> = {},
): string {
  const head = b64({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header });
  const body = b64(payload);
  const signature = createSign('RSA-SHA256')
    .update(`${head}.${body}`)
    .sign(key.privateKey)
    .toString('base64url');
  return `${head}.${body}.${signature}`;
}

/** The decoded parts of a JWT, not verified. */
export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [head = '', body = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}

/**
 * Verifies an RS256 or PS256 JWT against `publicKey` (a KeyObject or a PEM certificate) and its
 * `exp`/`nbf`; resolves to the payload, or throws saying why it is not valid.
 */
export function verifyJwt(
  token: string,
  publicKey: KeyObject | string,
  nowSeconds = Date.now() / 1000,
): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not a JWT');
  const [head = '', body = '', signature = ''] = parts;
  const { header, payload } = decodeJwt(token);
  if (header.alg !== 'RS256' && header.alg !== 'PS256')
    throw new Error(`alg ${String(header.alg)} is not RS256 or PS256`);
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const ok = createVerify('RSA-SHA256')
    .update(`${head}.${body}`)
    .verify(
      header.alg === 'PS256'
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
        : key,
      Buffer.from(signature, 'base64url'),
    );
  if (!ok) throw new Error('bad signature');
  if (typeof payload.exp === 'number' && payload.exp < nowSeconds - 60) throw new Error('expired');
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds + 60) throw new Error('not yet valid');
  return payload;
}
