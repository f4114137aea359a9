import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A folder laid out as the kubelet mounts a ConfigMap volume. */
export interface ConfigMapDir {
  readonly dir: string;
  /** The path a process is configured with: `<dir>/<key>`, a symlink to `..data/<key>`. */
  path(key: string): string;
  /** Replaces every file at once, as the kubelet does: new timestamped folder, `..data` swapped by one rename. */
  update(files: Readonly<Record<string, string>>): void;
  remove(): void;
}

/**
 * Writes `files` as a kubelet writes a ConfigMap volume: the files live in a
 * timestamped folder (`..2026_12_05_11_00_00.1`), `..data` is a symlink to it, and each
 * key is a symlink `<key> -> ..data/<key>`. An update writes a new folder, points a
 * temporary symlink at it and renames that over `..data` (atomic), then deletes the old
 * folder, so a reader sees either the old set or the new one.
 */
export function configMapDir(files: Readonly<Record<string, string>>): ConfigMapDir {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-configmap-'));
  let version = 0;
  let current: string | undefined;
  const writeVersion = (contents: Readonly<Record<string, string>>): string => {
    const name = `..2026_12_05_11_00_00.${String(++version)}`;
    mkdirSync(join(dir, name));
    for (const [key, text] of Object.entries(contents)) writeFileSync(join(dir, name, key), text);
    return name;
  };
  current = writeVersion(files);
  symlinkSync(current, join(dir, '..data'));
  for (const key of Object.keys(files)) symlinkSync(join('..data', key), join(dir, key));
  return {
    dir,
    path: (key) => join(dir, key),
    update(contents) {
      const next = writeVersion(contents);
      symlinkSync(next, join(dir, '..data_tmp'));
      renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
      if (current) rmSync(join(dir, current), { recursive: true, force: true });
      current = next;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
