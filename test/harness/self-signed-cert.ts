import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private key and a self-signed certificate for it, both PEM. */
export interface SelfSignedCert {
  readonly key: string;
  readonly cert: string;
}

/**
 * A fresh RSA key and a self-signed certificate valid for a day, made with the
 * system's `openssl`: for a local HTTPS server (it names 127.0.0.1 and localhost) or
 * an app's certificate credential. Every call makes a new key.
 */
export function selfSignedCert(commonName = '127.0.0.1'): SelfSignedCert {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        `/CN=${commonName}`,
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
