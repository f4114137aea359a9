// `npm run manifests`: writes manifests/base and manifests/overlays/dev from the chart
// (scripts/chart-manifests.ts) and removes generated files the chart no longer renders.
// A test fails when the committed files differ from what this writes.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  GENERATED_MARK,
  MANIFEST_TARGETS,
  REPO_ROOT,
  findHelm,
  renderAllTargets,
} from './chart-manifests.ts';

const files = await renderAllTargets(await findHelm());
for (const [path, content] of files) {
  mkdirSync(dirname(join(REPO_ROOT, path)), { recursive: true });
  writeFileSync(join(REPO_ROOT, path), content);
}
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
for (const { folder } of MANIFEST_TARGETS) {
  for (const path of walk(join(REPO_ROOT, folder))) {
    const rel = relative(REPO_ROOT, path);
    if (!files.has(rel) && readFileSync(path, 'utf8').startsWith(GENERATED_MARK)) {
      rmSync(path);
      process.stderr.write(`manifests: removed ${rel}\n`);
    }
  }
}
process.stderr.write(`manifests: wrote ${files.size} files\n`);
