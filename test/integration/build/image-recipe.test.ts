import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { registerExitCleanup } from '../../harness/exit-cleanup.ts';
import { freePorts } from '../../harness/free-port.ts';
import { startRedis, type RedisServer } from '../../harness/redis-server.ts';
import { waitForHttp200 } from '../../harness/wait-for-http.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const exec = promisify(execFile);

/** One `FROM … [AS name]` stage of the Dockerfile and its instructions, continuation lines joined. */
interface Stage {
  readonly name: string;
  readonly from: string;
  readonly steps: { readonly op: string; readonly arg: string }[];
}

function parseDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', arg = ''] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (op === 'FROM') {
      const [from = '', , name] = arg.split(/\s+/);
      stages.push({ name: name ?? String(stages.length), from, steps: [] });
    } else if (op === 'ARG' && stages.length === 0) {
      const [key = '', value = ''] = arg.split('=');
      args.set(key, value);
    } else {
      const stage = stages.at(-1);
      assert.ok(stage, `${op} before FROM`);
      stage.steps.push({ op, arg });
    }
  }
  return { args, stages };
}

/** Performs one stage's COPY steps into `dir` (its WORKDIR), from the repository or an earlier stage's folder. */
function copyInto(stage: Stage, dir: string, stageDirs: ReadonlyMap<string, string>): void {
  for (const { op, arg } of stage.steps.filter((s) => s.op === 'COPY')) {
    const from = /^--from=(\S+)\s+/.exec(arg);
    const paths = arg.replace(/^--from=\S+\s+/, '').split(/\s+/);
    const target = join(dir, paths.pop() ?? '.');
    for (const source of paths) {
      const origin = from
        ? join(stageDirs.get(from[1] ?? '') ?? '', source.replace(/^\/app\//, ''))
        : join(ROOT, source);
      assert.ok(existsSync(origin), `${op} ${arg}: ${origin} does not exist`);
      const destination =
        paths.length > 1 || target.endsWith('/') ? join(target, source.split('/').pop() ?? '') : target;
      mkdirSync(dirname(destination), { recursive: true });
      cpSync(origin, destination, { recursive: true, verbatimSymlinks: true });
    }
  }
}

const runs = (stage: Stage) => stage.steps.filter((s) => s.op === 'RUN').map((s) => s.arg);

/**
 * The Dockerfile's recipe without a Docker engine: each stage's COPY steps in a temporary
 * folder standing for /app, its `npm ci` and `npm run build` steps run for real (offline,
 * from the npm cache), and the final stage's ENTRYPOINT started as `countersign start`
 * with production dependencies only, against a private redis-server and one cluster that
 * cannot be reached (readiness must not depend on it).
 */
describe('the image recipe (Dockerfile) builds a runnable production folder', () => {
  const { args, stages } = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const byName = new Map(stages.map((s) => [s.name, s]));
  const final = stages.at(-1);
  let work: string;
  let redis: RedisServer;
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> | undefined;
  let publicUrl: string;
  let opsUrl: string;
  let logPath: string;
  let appDir: string;
  const log = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '(no log)');

  test('the Dockerfile: a current Node LTS base, production dependencies, compiled code, non-root, no tsx', () => {
    assert.ok(final);
    const image = args.get('NODE_IMAGE') ?? '';
    const major = Number(/^node:(\d+)-/.exec(image)?.[1]);
    assert.ok(major >= 24 && major % 2 === 0, `base ${image} is a Node LTS line (24 or later)`);
    assert.ok(
      stages.every((s) => s.from === '${NODE_IMAGE}'),
      'every stage uses the one base',
    );
    const entrypoint = JSON.parse(final.steps.find((s) => s.op === 'ENTRYPOINT')?.arg ?? '[]') as string[];
    assert.deepEqual(entrypoint.slice(0, 2), ['node', '--enable-source-maps']);
    assert.match(entrypoint[2] ?? '', /^dist\/.*\.js$/);
    const user = final.steps.find((s) => s.op === 'USER')?.arg ?? 'root';
    assert.doesNotMatch(user, /^(root|0)(:|$)/, 'runs as a non-root user');
    const deps = /--from=(\S+)\s+\/app\/node_modules/.exec(
      final.steps.map((s) => s.arg).find((a) => a.includes('node_modules')) ?? '',
    )?.[1];
    assert.ok(deps && byName.has(deps), 'node_modules comes from a stage');
    assert.ok(
      runs(byName.get(deps)!).some((r) => /npm ci --omit=dev/.test(r)),
      'that stage runs npm ci --omit=dev',
    );
    assert.ok(
      stages.some((s) => runs(s).some((r) => r.includes('npm run build'))),
      'a stage compiles the TypeScript',
    );
    for (const stage of stages) for (const run of runs(stage)) assert.doesNotMatch(run, /npm install|tsx/);
    assert.ok(
      final.steps.every((s) => !/\bsrc\b|tsx/.test(s.arg)),
      'the final stage has no sources and no tsx',
    );
  });

  before(async () => {
    assert.ok(final);
    work = mkdtempSync(join(tmpdir(), 'countersign-image-'));
    const stageDirs = new Map<string, string>();
    for (const stage of stages) {
      const dir = join(work, stage.name);
      mkdirSync(dir);
      stageDirs.set(stage.name, dir);
      copyInto(stage, dir, stageDirs);
      for (const run of runs(stage)) {
        for (const command of run.split('&&').map((c) => c.trim())) {
          // Not run here: it would empty this machine's shared npm cache.
          if (/^npm cache clean/.test(command)) continue;
          if (/^npm ci\b/.test(command) && !command.includes('--omit=dev')) {
            // The full install of the build stage: the repository's own node_modules, from the same lock file.
            symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
            continue;
          }
          const [program = '', ...rest] = command.split(/\s+/);
          assert.equal(program, 'npm', `unexpected RUN step ${command}`);
          await exec('npm', [...rest, '--offline'], {
            cwd: dir,
            env: { ...process.env, npm_config_update_notifier: 'false' },
          });
        }
      }
    }
    const app = stageDirs.get(final.name) ?? '';
    appDir = app;
    assert.equal(existsSync(join(app, 'node_modules', 'tsx')), false, 'tsx is not a production dependency');
    assert.equal(existsSync(join(app, 'node_modules', 'typescript')), false, 'no TypeScript compiler');
    assert.equal(existsSync(join(app, 'src')), false);

    redis = await startRedis();
    const [httpPort, metricsPort, deadPort] = await freePorts(3);
    const kubeconfig = join(work, 'kubeconfig.yaml');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'remote',
            cluster: { server: `https://127.0.0.1:${deadPort}`, 'insecure-skip-tls-verify': true },
          },
        ],
        users: [{ name: 'remote', user: { token: 'unused' } }],
        contexts: [{ name: 'remote', context: { cluster: 'remote', user: 'remote' } }],
        'current-context': 'remote',
      }),
    );
    const entrypoint = JSON.parse(final.steps.find((s) => s.op === 'ENTRYPOINT')?.arg ?? '[]') as string[];
    const env = final.steps.filter((s) => s.op === 'ENV').map((s) => s.arg.split('=') as [string, string]);
    logPath = join(work, 'countersign.log');
    const fd = openSync(logPath, 'a');
    try {
      child = spawn(process.execPath, [...entrypoint.slice(1), 'start'], {
        cwd: app,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ...Object.fromEntries(env),
          KUBECONFIG: kubeconfig,
          COUNTERSIGN_CLUSTERS: 'remote=remote',
          REDIS_URL: redis.url,
          COUNTERSIGN_POLICY_FILE: join(ROOT, 'examples/sandbox-policy.yaml'),
          COUNTERSIGN_DEV_USERS: 'alice=developers,bob=sre',
          HTTP_HOST: '127.0.0.1',
          HTTP_PORT: String(httpPort),
          METRICS_PORT: String(metricsPort),
        },
        stdio: ['ignore', fd, fd],
      });
    } finally {
      closeSync(fd);
    }
    const running = child;
    exited = new Promise((resolve) => running.once('exit', (code) => resolve(code)));
    const unregister = registerExitCleanup(() => running.kill('SIGKILL'));
    void exited.then(unregister);
    publicUrl = `http://127.0.0.1:${httpPort}`;
    opsUrl = `http://127.0.0.1:${metricsPort}`;
    await waitForHttp200(`${opsUrl}/readyz`, {
      timeoutMs: 120_000,
      gaveUp: () => (running.exitCode !== null ? `countersign exited:\n${log()}` : undefined),
    });
  });
  after(async () => {
    child?.kill('SIGTERM');
    await exited;
    await redis?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('countersign start from the production folder is ready with one cluster unreachable', async () => {
    const ready = await fetch(`${opsUrl}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(
      ((await ready.json()) as { checks: { name: string }[] }).checks.map((c) => c.name),
      ['redis'],
    );
    // The first reachability check runs in the background from start; wait for its result.
    let clusters: { name: string; state: string; error?: string }[] = [];
    for (let i = 0; i < 200 && clusters[0]?.state !== 'unreachable'; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      clusters = ((await (await fetch(`${opsUrl}/healthz`)).json()) as { clusters: typeof clusters })
        .clusters;
    }
    assert.deepEqual(
      clusters.map((c) => [c.name, c.state]),
      [['remote', 'unreachable']],
      log(),
    );
    assert.ok(clusters[0]?.error, 'the healthz detail says why');
    const metrics = await (await fetch(`${opsUrl}/metrics`)).text();
    assert.ok(metrics.includes('countersign_cluster_reachable{cluster="remote"} 0'));
  });

  test('the public port serves the console but not metrics or probes', async () => {
    assert.equal((await fetch(`${publicUrl}/metrics`)).status, 404);
    assert.equal((await fetch(`${publicUrl}/readyz`)).status, 404);
    const console = await fetch(`${publicUrl}/`, { redirect: 'manual' });
    assert.ok(
      console.status === 200 || console.status === 302 || console.status === 303,
      `console: ${console.status}`,
    );
    assert.equal((await fetch(`${opsUrl}/`, { redirect: 'manual' })).status, 404);
  });

  test('teams-package runs from the production folder, whose manifests/teams the build context keeps (.dockerignore)', async () => {
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const sent = (path: string) => {
      let kept = true;
      for (const pattern of ignore) {
        const negated = pattern.startsWith('!');
        const plain = pattern.replace(/^!/, '');
        if (path === plain || path.startsWith(`${plain}/`)) kept = negated;
      }
      return kept;
    };
    const sources = stages.flatMap((stage) =>
      stage.steps
        .filter((step) => step.op === 'COPY' && !step.arg.startsWith('--from='))
        .flatMap((step) => step.arg.split(/\s+/).slice(0, -1)),
    );
    for (const source of sources)
      assert.ok(sent(source.replace(/\/$/, '')), `${source} is in the build context`);
    const entrypoint = JSON.parse(final?.steps.find((s) => s.op === 'ENTRYPOINT')?.arg ?? '[]') as string[];
    const zip = join(work, 'teams.zip');
    const { stdout } = await exec(
      process.execPath,
      [
        ...entrypoint.slice(1),
        'teams-package',
        '--app-id',
        '0b9d2c1e-5a4f-4c3b-9e8d-7f6a5b4c3d2e',
        '--out',
        zip,
      ],
      { cwd: appDir },
    );
    assert.match(stdout, /wrote .*teams\.zip/);
    const listed = await exec('/usr/bin/unzip', ['-Z1', zip]);
    assert.deepEqual(listed.stdout.trim().split('\n'), ['manifest.json', 'color.png', 'outline.png']);
  });

  test('SIGTERM stops it cleanly', async () => {
    child?.kill('SIGTERM');
    assert.equal(await exited, 0, log());
  });
});
