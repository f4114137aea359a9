import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { REPO_ROOT, findHelm } from '../../../scripts/chart-manifests.ts';
import { exposedSeriesNames, seriesIn } from '../../unit/monitoring/dashboard-metrics.ts';
import { find, renderChart } from '../deploy/chart-objects.ts';

const UNIT_TESTS = fileURLToPath(new URL('./alerts.promtool.yaml', import.meta.url));

interface RuleGroup {
  name: string;
  rules: { alert: string; expr: string }[];
}

/** Finds promtool: `PROMTOOL_BIN`, else scripts/build-go-tools.sh (built once from its Go module into ~/.cache/countersign). */
async function findPromtool(): Promise<string> {
  if (process.env.PROMTOOL_BIN) return process.env.PROMTOOL_BIN;
  const { stdout } = await promisify(execFile)(`${REPO_ROOT}/scripts/build-go-tools.sh`, ['promtool'], {
    env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/local/go/bin` },
  });
  return stdout.trim().split('\n').at(-1) ?? '';
}

/** Runs promtool; resolves with its output whatever the exit code, and the code. */
async function promtool(binary: string, args: readonly string[], cwd: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(binary, args, { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('the chart PrometheusRule, checked by promtool', () => {
  let dir: string;
  let binary: string;
  let groups: RuleGroup[];

  before(async () => {
    const [helm, tool] = await Promise.all([findHelm(), findPromtool()]);
    binary = tool;
    const objects = await renderChart(helm, [
      '--set',
      'redis.url=redis://r:6379',
      '--set',
      'metrics.prometheusRule.enabled=true',
    ]);
    groups = (find(objects, 'PrometheusRule', 'countersign') as unknown as { spec: { groups: RuleGroup[] } })
      .spec.groups;
    dir = mkdtempSync(join(tmpdir(), 'countersign-alerts-'));
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups }));
    copyFileSync(UNIT_TESTS, join(dir, 'alerts.promtool.yaml'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('promtool check rules accepts every rule', async () => {
    const result = await promtool(binary, ['check', 'rules', 'rules.yaml'], dir);
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /SUCCESS: 10 rules found/);
  });

  test('promtool test rules: each alert fires on the series meant to fire it, and none on a healthy install', async () => {
    const result = await promtool(binary, ['test', 'rules', 'alerts.promtool.yaml'], dir);
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /SUCCESS/);
  });

  test('every alert reads only series Countersign exposes (or up), and every alert has a unit test', async () => {
    const exposed = await exposedSeriesNames();
    const rules = groups.flatMap((g) => g.rules);
    for (const rule of rules) {
      for (const name of seriesIn(rule.expr))
        assert.ok(exposed.has(name), `${rule.alert}: ${name} is not exposed`);
      assert.ok(seriesIn(rule.expr).length > 0 || /\bup\{/.test(rule.expr), `${rule.alert}: ${rule.expr}`);
    }
    const unitTests = readFileSync(UNIT_TESTS, 'utf8');
    for (const rule of rules) assert.match(unitTests, new RegExp(`alertname: ${rule.alert}\\n`), rule.alert);
  });
});
