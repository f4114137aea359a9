// Benchmark 7 (issue 14): the kubectl proxy. Pass-through overhead (`kubectl get pods`
// through the proxy vs straight to the API server, and one GET over a warm connection),
// held request (last approval → kubectl exits, vs a direct kubectl delete), and 200 held
// requests with 1,000 watches through one proxy process (none lost, its RSS). The proxy
// is the real `countersign start` with PROXY_* set.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { proxyKubeconfig } from '../src/adapters/kube-proxy/proxy-kubeconfig.ts';
import { decideRequest } from '../src/core/workflow/decide-request.ts';
import type { RequestRecord } from '../src/core/lifecycle/request-record.ts';
import { freePorts } from '../test/harness/free-port.ts';
import { makeLocalCa } from '../test/harness/local-ca.ts';
import { sized } from './lib/bench-size.ts';
import { BENCH_CLUSTER, freshPrefix, type BenchStack } from './lib/bench-stack.ts';
import { BENCH_NAMESPACES, principalOf } from './lib/bench-workspace.ts';
import { figure, type Figure } from './lib/figure.ts';
import { inParallel } from './lib/in-parallel.ts';
import { summarize } from './lib/stats.ts';

const NS = BENCH_NAMESPACES.proxy;
const WATCH_NS = BENCH_NAMESPACES.proxyWatch;

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** One HTTPS request; resolves with the whole answer. */
function send(
  agent: Agent,
  url: string,
  method: string,
  token: string,
  body?: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...extraHeaders,
          ...(body !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** How long approved held requests get to answer before the unanswered count as lost. */
const ANSWER_DEADLINE_MS = 180_000;

/**
 * Each answer, or undefined for a request that failed or did not answer within
 * `ms` of this call, so a request lost by the proxy is counted instead of hanging the run.
 */
async function answeredWithin(
  requests: readonly Promise<Answer>[],
  ms: number,
): Promise<(Answer | undefined)[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.all(
      requests.map((r) => Promise.race([r.catch((): undefined => undefined), deadline])),
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Runs kubectl; resolves with the moment it exited (performance.now), rejects when it failed. */
function timedKubectl(
  binary: string,
  args: readonly string[],
): { exit: Promise<{ code: number | null; at: number }> } {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return {
    exit: new Promise((resolve, reject) =>
      child.once('close', (code) => {
        const at = performance.now();
        if (code !== 0) reject(new Error(`kubectl ${args.join(' ')} exited ${code}: ${stderr}`));
        else resolve({ code, at });
      }),
    ),
  };
}

async function pendingFor(
  stack: BenchStack,
  prefix: string,
  pods: ReadonlySet<string>,
): Promise<RequestRecord[]> {
  const workflow = stack.compose(prefix);
  const deadline = Date.now() + 120_000;
  try {
    for (;;) {
      if (Date.now() > deadline)
        throw new Error(`kubectl requests for ${[...pods].slice(0, 3).join(', ')}… were never filed`);
      const open = await workflow.deps.store.listOpenByRequester('alice');
      const found = open.filter(
        (r) =>
          r.state === 'pending' &&
          r.request.type === 'api' &&
          pods.has(r.request.call.path.split('/').pop() ?? ''),
      );
      if (found.length === pods.size) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await workflow.close();
  }
}

function podList(namespace: string, names: readonly string[]): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: names.map((name) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace },
      spec: {
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'app', image: 'registry.example.com/bench:1' }],
      },
    })),
  });
}

/** Runs the proxy benchmarks against `stack`; every figure has its same-run baseline. */
export async function benchKubeProxy(stack: BenchStack): Promise<Figure[]> {
  const { cp } = stack;
  const figures: Figure[] = [];
  const prefix = freshPrefix('proxy');
  const ca = makeLocalCa(join(stack.dir, 'proxy-ca'));
  const [proxyPort = 0] = await freePorts(1);
  for (const ns of [NS, WATCH_NS]) await cp.kubectl(['create', 'namespace', ns]);
  await cp.kubectl(['create', 'role', 'pods', '-n', NS, '--verb=get,list,watch,delete', '--resource=pods']);
  await cp.kubectl(['create', 'rolebinding', 'alice', '-n', NS, '--role=pods', '--user=alice']);
  await cp.kubectl(['create', 'role', 'pods', '-n', WATCH_NS, '--verb=get,list,watch', '--resource=pods']);
  await cp.kubectl(['create', 'rolebinding', 'alice', '-n', WATCH_NS, '--role=pods', '--user=alice']);
  await cp.kubectl(['apply', '-f', '-'], 'admin', podList(NS, ['a', 'b', 'c']));

  const countersign = await stack.startCountersign('start', prefix, {
    PROXY_HOST: '127.0.0.1',
    PROXY_PORT: String(proxyPort),
    PROXY_TLS_CERT_PATH: ca.certPath,
    PROXY_TLS_KEY_PATH: ca.keyPath,
  });
  const proxyBase = `https://127.0.0.1:${proxyPort}/clusters/${BENCH_CLUSTER}`;
  console.log(`  countersign start (pid ${countersign.pid}) with the kubectl proxy at ${proxyBase}`);
  const token = cp.tokens.alice;
  const direct = new Agent({ keepAlive: true, ca: Buffer.from(cp.caData, 'base64') });
  const proxied = new Agent({ keepAlive: true, ca: ca.caPem });
  const workflow = stack.compose(prefix);
  try {
    // 1. Pass-through overhead: the same list, in turn direct, through the proxy, and
    // direct as Countersign impersonating alice with the headers the proxy sends (what
    // the API server's impersonation costs, apart from the proxy's own hop).
    const path = `/api/v1/namespaces/${NS}/pods`;
    const rounds = sized(1000, 20);
    const times = { direct: [] as number[], proxy: [] as number[], impersonated: [] as number[] };
    const impersonating = {
      'impersonate-user': 'alice',
      'impersonate-uid': 'alice',
      'impersonate-group': 'developers',
    };
    const ways = [
      ['direct', direct, cp.server, token, {}],
      ['proxy', proxied, proxyBase, token, {}],
      ['impersonated', direct, cp.server, cp.tokens.countersign, impersonating],
    ] as const;
    for (let i = 0; i < 20; i += 1) {
      for (const [, agent, base, bearer, headers] of ways)
        await send(agent, base + path, 'GET', bearer, undefined, headers);
    }
    for (let i = 0; i < rounds; i += 1) {
      for (const [which, agent, base, bearer, headers] of ways) {
        const started = performance.now();
        const answer = await send(agent, base + path, 'GET', bearer, undefined, headers);
        if (answer.status !== 200)
          throw new Error(`get pods ${which} answered ${answer.status}: ${answer.body}`);
        times[which].push(performance.now() - started);
      }
    }
    const d = summarize(times.direct);
    const p = summarize(times.proxy);
    const imp = summarize(times.impersonated);
    console.log(
      `  get pods p50/p99 ms: direct ${d.p50.toFixed(2)}/${d.p99.toFixed(2)}, through the proxy ` +
        `${p.p50.toFixed(2)}/${p.p99.toFixed(2)}, direct as Countersign impersonating alice ` +
        `${imp.p50.toFixed(2)}/${imp.p99.toFixed(2)} (n=${rounds} each)`,
    );
    figures.push(
      figure({
        id: 'proxy.get-request.p50-vs-impersonated',
        metric:
          'one GET of the pod list through the proxy ÷ straight to the API server as Countersign impersonating the caller ' +
          '(the proxy’s own hop, without the API server’s impersonation checks), p50',
        value: p.p50 / imp.p50,
        unit: '×',
        comparator: '<=',
        baseline: 'straight to kube-apiserver as Countersign with the proxy’s Impersonate-* headers, p50',
        baselineValue: imp.p50,
        baselineUnit: 'ms',
        samples: rounds,
      }),
    );
    for (const [q, dv, pv] of [
      ['p50', d.p50, p.p50],
      ['p99', d.p99, p.p99],
    ] as const) {
      figures.push(
        figure({
          id: `proxy.get-request.${q}-ratio`,
          metric:
            `one GET of the pod list over a warm keep-alive connection, through the proxy ÷ straight to the ` +
            `API server, ${q} (proxy ${pv.toFixed(2)} ms; the hop alone, no kubectl)`,
          value: pv / dv,
          unit: '×',
          comparator: '<=',
          baseline: `straight to kube-apiserver, ${q}`,
          baselineValue: dv,
          baselineUnit: 'ms',
          samples: rounds,
        }),
      );
    }

    // 1b. What the developer runs: `kubectl get pods`, a fresh kubectl process each time
    // (its own TLS handshake, cached discovery), through the proxy and straight to the
    // API server with the same token, in turn. This is issue 14's target.
    const kubeconfig = join(stack.dir, 'alice-proxy.yaml');
    writeFileSync(
      kubeconfig,
      proxyKubeconfig({
        proxyUrl: `https://127.0.0.1:${proxyPort}`,
        cluster: BENCH_CLUSTER,
        caData: Buffer.from(ca.caPem).toString('base64'),
        user: { name: 'alice', user: { token } },
      }),
    );
    const cacheDir = join(stack.dir, 'kubectl-cache');
    const getPods = (config: string) =>
      timedKubectl(cp.binaries.kubectl, [
        '--kubeconfig',
        config,
        '--cache-dir',
        cacheDir,
        'get',
        'pods',
        '-n',
        NS,
      ]);
    const commands = { direct: [] as number[], proxy: [] as number[] };
    const commandWays = [
      ['direct', cp.kubeconfigFor('alice')],
      ['proxy', kubeconfig],
    ] as const;
    for (let i = 0; i < 5; i += 1) for (const [, config] of commandWays) await getPods(config).exit;
    const commandRounds = sized(200, 5);
    for (let i = 0; i < commandRounds; i += 1) {
      for (const [which, config] of commandWays) {
        const started = performance.now();
        const { at } = await getPods(config).exit;
        commands[which].push(at - started);
      }
    }
    const cd = summarize(commands.direct);
    const cpx = summarize(commands.proxy);
    console.log(
      `  kubectl get pods p50/p99 ms: direct ${cd.p50.toFixed(1)}/${cd.p99.toFixed(1)}, through the proxy ` +
        `${cpx.p50.toFixed(1)}/${cpx.p99.toFixed(1)} (n=${commandRounds} each)`,
    );
    for (const [q, dv, pv] of [
      ['p50', cd.p50, cpx.p50],
      ['p99', cd.p99, cpx.p99],
    ] as const) {
      figures.push(
        figure({
          id: `proxy.get-pods.${q}-ratio`,
          metric:
            `kubectl get pods (spawn → exit) through the proxy ÷ straight to the API server, ${q} ` +
            `(proxy ${pv.toFixed(1)} ms)`,
          value: pv / dv,
          unit: '×',
          comparator: '<=',
          target: 1.2,
          baseline: `kubectl get pods straight to kube-apiserver with the same token, ${q}`,
          baselineValue: dv,
          baselineUnit: 'ms',
          samples: commandRounds,
        }),
      );
    }

    console.log('  pass-through measured');
    // 2. Held request: the last approval → kubectl exits, beside a direct kubectl delete.
    const holds = sized(30, 3);
    const heldPods = Array.from({ length: holds }, (_, i) => `held-${i}`);
    const directPods = Array.from({ length: holds }, (_, i) => `direct-${i}`);
    await cp.kubectl(['apply', '-f', '-'], 'admin', podList(NS, heldPods));
    await cp.kubectl(['apply', '-f', '-'], 'admin', podList(WATCH_NS, directPods));
    const clickToExit: number[] = [];
    const directCalls: number[] = [];
    for (let i = 0; i < holds; i += 1) {
      // Direct: a pod in the ungoverned namespace, straight to the API server.
      const started = performance.now();
      const plain = timedKubectl(cp.binaries.kubectl, [
        '--kubeconfig',
        cp.kubeconfigFor('admin'),
        'delete',
        'pod',
        directPods[i]!,
        '-n',
        WATCH_NS,
        '--wait=false',
      ]);
      directCalls.push((await plain.exit).at - started);
      const pod = heldPods[i]!;
      const held = timedKubectl(cp.binaries.kubectl, [
        '--kubeconfig',
        kubeconfig,
        'delete',
        'pod',
        pod,
        '-n',
        NS,
        '--wait=false',
      ]);
      const [pending] = await pendingFor(stack, prefix, new Set([pod]));
      const clicked = performance.now();
      await decideRequest(workflow.deps, {
        requestId: pending!.id,
        person: principalOf('bob'),
        verdict: 'approve',
      });
      clickToExit.push((await held.exit).at - clicked);
    }
    const held = summarize(clickToExit);
    const plain = summarize(directCalls);
    figures.push(
      figure({
        id: 'proxy.held.click-to-exit.p99',
        metric: 'held kubectl delete: last approval → kubectl exits, p99',
        value: held.p99,
        unit: 'ms',
        comparator: '<=',
        target: 300,
        baseline: 'a direct kubectl delete (spawn → exit), p99',
        baselineValue: plain.p99,
        samples: holds,
      }),
      figure({
        id: 'proxy.held.click-to-exit.p99-ratio',
        metric: 'held kubectl delete: last approval → exit ÷ a direct kubectl delete, p99',
        value: held.p99 / plain.p99,
        unit: '×',
        comparator: '<=',
        target: 3,
        baseline: 'a direct kubectl delete (spawn → exit), p99',
        baselineValue: plain.p99,
        baselineUnit: 'ms',
        samples: holds,
      }),
    );

    console.log('  held requests measured');
    // 3. 200 held requests and 1,000 watches through one proxy process at once.
    const heldCount = sized(200, 5);
    const watchCount = sized(1000, 20);
    const many = Array.from({ length: heldCount }, (_, i) => `many-${i}`);
    await cp.kubectl(['apply', '-f', '-'], 'admin', podList(NS, many));
    const watchAgent = new Agent({ keepAlive: false, ca: ca.caPem, maxSockets: Infinity });
    const probe = 'watch-probe';
    let watchesSeeing = 0;
    const opened: { destroy(): void }[] = [];
    const watchesOpen = Array.from(
      { length: watchCount },
      () =>
        new Promise<void>((resolve, reject) => {
          const req = request(
            {
              agent: watchAgent,
              hostname: '127.0.0.1',
              port: proxyPort,
              path: `/clusters/${BENCH_CLUSTER}/api/v1/namespaces/${WATCH_NS}/pods?watch=true&labelSelector=probe%3Dyes`,
              headers: { authorization: `Bearer ${token}` },
            },
            (res) => {
              if (res.statusCode !== 200) reject(new Error(`watch answered ${res.statusCode}`));
              let seen = '';
              let counted = false;
              res.on('data', (c: Buffer) => {
                seen += c.toString('utf8');
                if (!counted && seen.includes(`"name":"${probe}"`)) {
                  counted = true;
                  watchesSeeing += 1;
                }
              });
              resolve();
            },
          );
          req.on('error', reject);
          opened.push(req);
          req.end();
        }),
    );
    await Promise.all(watchesOpen);
    const deletes = many.map((pod) =>
      send(proxied, `${proxyBase}/api/v1/namespaces/${NS}/pods/${pod}`, 'DELETE', token, '{}'),
    );
    const answeredEarly = Promise.all(deletes).then((early): never => {
      const sample = early.slice(0, 3).map((x) => `${x.status} ${x.body.slice(0, 200)}`);
      throw new Error(`the held deletes were answered before any approval: ${sample.join('; ')}`);
    });
    const pending = await Promise.race([pendingFor(stack, prefix, new Set(many)), answeredEarly]);
    const rssHolding = countersign.memory().rssMb;
    await inParallel(pending, 20, (record) =>
      decideRequest(workflow.deps, { requestId: record.id, person: principalOf('bob'), verdict: 'approve' }),
    );
    const answers = await answeredWithin(deletes, ANSWER_DEADLINE_MS);
    const executed = answers.filter((a) => a?.status === 200).length;
    const unanswered = answers.filter((a) => a === undefined).length;
    if (unanswered > 0) {
      console.log(
        `  ${unanswered} of ${heldCount} approved held deletes had no answer (or lost their connection) ` +
          `within ${ANSWER_DEADLINE_MS / 1000} s; counted as lost`,
      );
    }
    await cp.kubectl(
      ['apply', '-f', '-'],
      'admin',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: probe, namespace: WATCH_NS, labels: { probe: 'yes' } },
        spec: { containers: [{ name: 'app', image: 'registry.example.com/bench:1' }] },
      }),
    );
    const deadline = Date.now() + 60_000;
    while (watchesSeeing < watchCount && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const rss = countersign.memory();
    for (const req of opened) req.destroy();
    watchAgent.destroy();
    figures.push(
      figure({
        id: 'proxy.concurrent.held-lost',
        metric: `held requests of ${heldCount} open at once (with ${watchCount} watches) that did not execute after approval`,
        value: heldCount - executed,
        unit: 'requests',
        comparator: '<=',
        target: 0,
      }),
      figure({
        id: 'proxy.concurrent.watch-lost',
        metric: `watches of ${watchCount} open through the proxy (with ${heldCount} held requests) that missed the event`,
        value: watchCount - watchesSeeing,
        unit: 'watches',
        comparator: '<=',
        target: 0,
      }),
      figure({
        id: 'proxy.concurrent.rss',
        metric: `RSS of the countersign start process (proxy inside) with ${heldCount} held and ${watchCount} watches open`,
        value: Math.max(rssHolding, rss.rssMb),
        unit: 'MB',
        comparator: '<=',
        baseline: 'its peak RSS over the whole run',
        baselineValue: rss.peakRssMb,
      }),
    );
  } finally {
    direct.destroy();
    proxied.destroy();
    await workflow.close();
    await countersign.stop();
  }
  return figures;
}
