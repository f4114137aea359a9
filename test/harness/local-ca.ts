import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A private CA and one server certificate it signed, as files and PEM text. */
export interface LocalCa {
  /** PEM of the CA certificate (what a kubeconfig's certificate-authority-data holds). */
  readonly caPem: string;
  readonly caPath: string;
  /** The server certificate (for 127.0.0.1 and localhost) and its key. */
  readonly certPath: string;
  readonly keyPath: string;
}

/**
 * Makes a fresh private CA in `dir` and a server certificate it signed for 127.0.0.1
 * and localhost, valid for a week, with the system's `openssl`: what the sandbox,
 * the demo and the tests serve the kubectl proxy with. The CA key never leaves `dir`.
 */
export function makeLocalCa(dir: string, commonName = 'Countersign sandbox proxy'): LocalCa {
  mkdirSync(dir, { recursive: true });
  const path = (name: string): string => join(dir, name);
  const openssl = (args: readonly string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore' });
  };
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '7',
    '-keyout',
    path('ca-key.pem'),
    '-out',
    path('ca.pem'),
    '-subj',
    '/CN=Countersign sandbox CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-keyout',
    path('proxy-key.pem'),
    '-out',
    path('proxy.csr'),
    '-subj',
    `/CN=${commonName}`,
  ]);
  writeFileSync(
    path('proxy.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  openssl([
    'x509',
    '-req',
    '-in',
    path('proxy.csr'),
    '-CA',
    path('ca.pem'),
    '-CAkey',
    path('ca-key.pem'),
    '-CAcreateserial',
    '-days',
    '7',
    '-sha256',
    '-extfile',
    path('proxy.ext'),
    '-out',
    path('proxy.pem'),
  ]);
  return {
    caPem: readFileSync(path('ca.pem'), 'utf8'),
    caPath: path('ca.pem'),
    certPath: path('proxy.pem'),
    keyPath: path('proxy-key.pem'),
  };
}
