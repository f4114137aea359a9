import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import {
  GENERATED_MARK,
  MANIFEST_TARGETS,
  REPO_ROOT,
  findHelm,
  renderAllTargets,
} from '../../../scripts/chart-manifests.ts';

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });

describe('manifests/ is the chart rendered (one source of truth)', () => {
  test('every generated file under manifests/base and manifests/overlays/dev is what `npm run manifests` writes now', async () => {
    const expected = await renderAllTargets(await findHelm());
    const stale: string[] = [];
    for (const [path, content] of expected) {
      const full = join(REPO_ROOT, path);
      if (!existsSync(full) || readFileSync(full, 'utf8') !== content) stale.push(path);
    }
    const extra = MANIFEST_TARGETS.flatMap(({ folder }) => walk(join(REPO_ROOT, folder)))
      .map((path) => relative(REPO_ROOT, path))
      .filter(
        (path) =>
          !expected.has(path) && readFileSync(join(REPO_ROOT, path), 'utf8').startsWith(GENERATED_MARK),
      );
    assert.deepEqual({ stale, extra }, { stale: [], extra: [] }, 'run: npm run manifests');
  });

  test('nothing else lives there but the values files and the Secret template', () => {
    const handWritten = MANIFEST_TARGETS.flatMap(({ folder }) => walk(join(REPO_ROOT, folder)))
      .map((path) => relative(REPO_ROOT, path))
      .filter((path) => !readFileSync(join(REPO_ROOT, path), 'utf8').startsWith(GENERATED_MARK))
      .sort();
    assert.deepEqual(handWritten, [
      'manifests/base/secret.example.yaml',
      'manifests/base/values.yaml',
      'manifests/overlays/dev/values.yaml',
    ]);
  });
});
