import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const exec = promisify(execFile);
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Every file under `dir`, relative to it. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));

describe('npm run build: dist/ runs on its own through bin/countersign.js', () => {
  let app: string;
  const run = (...args: string[]) =>
    exec(process.execPath, [join(app, 'bin/countersign.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

  before(async () => {
    // The package as installed: package.json, bin/ and the build, no src/ and no tsx loader.
    app = mkdtempSync(join(tmpdir(), 'countersign-build-'));
    await exec(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out-dir', join(app, 'dist')], {
      cwd: ROOT,
    });
    mkdirSync(join(app, 'bin'));
    cpSync(join(ROOT, 'bin/countersign.js'), join(app, 'bin/countersign.js'));
    cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
  });
  after(() => {
    if (app) rmSync(app, { recursive: true, force: true });
  });

  test('dist holds compiled JavaScript with source maps and the console assets, no TypeScript', () => {
    const files = filesUnder(join(app, 'dist'));
    assert.ok(files.includes(join('cli', 'main.js')), 'dist/cli/main.js');
    assert.ok(files.includes(join('cli', 'main.js.map')), 'dist/cli/main.js.map');
    assert.ok(files.includes(join('adapters', 'web', 'static', 'console.js')), 'console.js copied');
    assert.ok(files.includes(join('adapters', 'web', 'static', 'console.css')), 'console.css copied');
    assert.deepEqual(
      files.filter((file) => file.endsWith('.ts')),
      [],
    );
    assert.ok(
      files.every((file) => !file.startsWith('test') && !file.startsWith('src')),
      'only src/ is compiled, at the top of dist',
    );
    for (const file of files.filter((f) => f.endsWith('.js') && !f.includes('static')))
      assert.doesNotMatch(readFileSync(join(app, 'dist', file), 'utf8'), /from '\.{1,2}\/[^']*\.ts'/, file);
  });

  test('countersign --version prints the package version', async () => {
    const { stdout } = await run('--version');
    assert.equal(stdout, `${VERSION}\n`);
  });

  test('a real command runs from the build', async () => {
    const { stdout } = await run('policy', 'lint', join(ROOT, 'examples/policy.yaml'));
    assert.match(stdout, /policy .* is valid/);
  });

  test("the entry point's runtime settings map stack traces in Countersign's code to the TypeScript", async () => {
    const url = (path: string) => JSON.stringify(pathToFileURL(join(app, 'dist', path)).href);
    const script = [
      `const { configureRuntime } = await import(${url('cli/configure-runtime.js')});`,
      'configureRuntime();',
      `const { parseCommand } = await import(${url('core/requests/parse-command.js')});`,
      "try { parseCommand('frobnicate the cluster'); } catch (error) { console.log(error.stack); }",
    ].join('\n');
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.match(stdout, /Unknown command 'frobnicate'/);
    assert.match(stdout, /at parseCommand \(\S*src\/core\/requests\/parse-command\.ts:\d+:\d+\)/);
  });

  test("started as npm start starts it (--enable-source-maps), no dependency's source map is read", async () => {
    // client-node ships ~900 maps; read and parsed at load they held 10-15 MB of an idle process.
    const clientNode = pathToFileURL(
      realpathSync(join(app, 'node_modules/@kubernetes/client-node/dist/index.js')),
    ).href;
    const url = (path: string) => JSON.stringify(pathToFileURL(join(app, 'dist', path)).href);
    const script = [
      "const { findSourceMap } = await import('node:module');",
      `const { configureRuntime } = await import(${url('cli/configure-runtime.js')});`,
      'configureRuntime();',
      `await import(${JSON.stringify(clientNode)});`,
      `const { parseCommand } = await import(${url('core/requests/parse-command.js')});`,
      `console.log(findSourceMap(${JSON.stringify(clientNode)}) === undefined ? 'unmapped' : 'mapped');`,
      "try { parseCommand('frobnicate the cluster'); } catch (error) { console.log(error.stack); }",
    ].join('\n');
    const { stdout } = await exec(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    assert.match(stdout, /^unmapped\n/);
    assert.match(stdout, /at parseCommand \(\S*src\/core\/requests\/parse-command\.ts:\d+:\d+\)/);
  });

  test('without dist/ the command says to run npm run build', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'countersign-nodist-'));
    try {
      mkdirSync(join(bare, 'bin'));
      cpSync(join(ROOT, 'bin/countersign.js'), join(bare, 'bin/countersign.js'));
      assert.equal(existsSync(join(bare, 'dist')), false);
      const failed = await exec(process.execPath, [join(bare, 'bin/countersign.js'), '--version']).then(
        () => assert.fail('ran without dist/'),
        (error: { code?: number; stderr?: string }) => error,
      );
      assert.equal(failed.code, 1);
      assert.match(failed.stderr ?? '', /dist\/cli\/main\.js is missing; run `npm run build`/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
