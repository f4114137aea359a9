import { readFileSync } from 'node:fs';

/**
 * The `version` field of Countersign's package.json, which sits two folders above this
 * file both in src/cli (sources) and in dist/cli (the build, next to package.json in the image).
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  if (typeof manifest.version !== 'string') throw new Error('package.json has no version');
  return manifest.version;
}
