import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigInvalidError } from '../core/errors.ts';
import { checkCombinations, type ConfigIssue } from './combination-rules.ts';
import type { Config } from './config.ts';
import { toConfig } from './schema.ts';
import { SECRET_SETTINGS, SETTING_NAMES, SETTINGS, type SettingName, type Settings } from './settings.ts';
import { suggestName } from './suggest-name.ts';

/** Reads a file as text; `fs.readFileSync` in production, a stub in tests. */
export type ReadFile = (path: string, encoding: 'utf8') => string;

const PREFIX = 'COUNTERSIGN_';
/**
 * Shapes of the variables Kubernetes injects for a Service named `countersign…` (service
 * links): a name suffix and the value it always carries. These are not settings.
 */
const SERVICE_LINKS: readonly (readonly [RegExp, RegExp])[] = [
  [/_SERVICE_HOST$/, /^[0-9a-fA-F.:]+$/],
  [/_SERVICE_PORT(_[A-Z0-9_]+)?$/, /^\d+$/],
  [/_PORT(_\d+_(TCP|UDP|SCTP))?$/, /^(tcp|udp|sctp):\/\/\S+$/],
  [/_PORT_\d+_(TCP|UDP|SCTP)_PROTO$/, /^(tcp|udp|sctp)$/],
  [/_PORT_\d+_(TCP|UDP|SCTP)_PORT$/, /^\d+$/],
  [/_PORT_\d+_(TCP|UDP|SCTP)_ADDR$/, /^[0-9a-fA-F.:]+$/],
];
/**
 * `COUNTERSIGN_*` variables that belong to the repository's tooling, not to a Countersign
 * process: `COUNTERSIGN_CACHE` is where the control-plane build and the sandbox keep their
 * files, and is often exported in the shell that also starts the server.
 */
const TOOLING_NAMES: readonly string[] = ['COUNTERSIGN_CACHE'];
const KNOWN_NAMES: readonly string[] = [...SETTING_NAMES, ...SECRET_SETTINGS.map((name) => `${name}_FILE`)];

/**
 * Reads every setting from `env`, validates it once, and returns the grouped {@link Config}.
 * A secret `X` may instead be given as `X_FILE`, a path whose trimmed contents are the value.
 * Empty values count as unset. Throws {@link ConfigInvalidError} listing every problem at once,
 * each named by its variable: missing or malformed values, partial Slack/Teams/OIDC setups,
 * unreadable secret files, and unknown `COUNTERSIGN_*` names (with the closest known name).
 * Error messages never contain a secret's value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, readFile: ReadFile = readFileSync): Config {
  const issues: ConfigIssue[] = [];
  const values = new Map<SettingName, string>();
  const present = new Set<SettingName>();
  const fileOf = new Map<SettingName, string>();

  for (const name of SETTING_NAMES) {
    const raw = clean(env[name]);
    if (raw === undefined) continue;
    values.set(name, raw);
    present.add(name);
  }
  for (const name of SECRET_SETTINGS) {
    const fileVariable = `${name}_FILE`;
    const path = clean(env[fileVariable]);
    if (path === undefined) continue;
    if (values.has(name)) {
      issues.push({ variable: name, message: `set either ${name} or ${fileVariable}, not both` });
      continue;
    }
    present.add(name);
    try {
      const contents = readFile(path, 'utf8').trim();
      if (contents === '') issues.push({ variable: fileVariable, message: `file ${path} is empty` });
      else {
        values.set(name, contents);
        fileOf.set(name, fileVariable);
      }
    } catch (error) {
      issues.push({ variable: fileVariable, message: `cannot read file ${path} (${describe(error)})` });
    }
  }

  const parsed: Partial<Settings> = {};
  for (const name of SETTING_NAMES) {
    const schema: z.ZodType = SETTINGS[name];
    const result = schema.safeParse(values.get(name));
    if (result.success) {
      (parsed as Record<string, unknown>)[name] = result.data;
      continue;
    }
    const fileVariable = fileOf.get(name);
    for (const issue of result.error.issues) {
      issues.push(
        fileVariable
          ? { variable: fileVariable, message: `${issue.message} (value read from ${env[fileVariable]})` }
          : { variable: name, message: issue.message },
      );
    }
  }

  issues.push(...checkCombinations(parsed, present), ...unknownNames(env));
  const redisTlsCa = readRedisCa(parsed.REDIS_TLS_CA_PATH, readFile, issues);
  if (issues.length > 0) throw new ConfigInvalidError(issues);
  return toConfig(parsed as Settings, redisTlsCa === undefined ? {} : { redisTlsCa });
}

/** The PEM text of REDIS_TLS_CA_PATH, or undefined (unset, or a problem added to `issues`). */
function readRedisCa(
  path: string | undefined,
  readFile: ReadFile,
  issues: ConfigIssue[],
): string | undefined {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFile(path, 'utf8');
  } catch (error) {
    issues.push({ variable: 'REDIS_TLS_CA_PATH', message: `cannot read file ${path} (${describe(error)})` });
    return undefined;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    issues.push({ variable: 'REDIS_TLS_CA_PATH', message: `file ${path} holds no PEM certificate` });
    return undefined;
  }
  return text;
}

function unknownNames(env: NodeJS.ProcessEnv): ConfigIssue[] {
  return Object.keys(env)
    .filter((name) => name.startsWith(PREFIX) && !KNOWN_NAMES.includes(name) && !TOOLING_NAMES.includes(name))
    .filter(
      (name) => !SERVICE_LINKS.some(([shape, value]) => shape.test(name) && value.test(env[name] ?? '')),
    )
    .sort()
    .map((name) => {
      const suggestion = suggestName(name, KNOWN_NAMES);
      return {
        variable: name,
        message: suggestion
          ? `not a known setting; did you mean ${suggestion}?`
          : 'not a known setting; .env.example lists every setting',
      };
    });
}

function clean(raw: string | undefined): string | undefined {
  const trimmed = raw?.trim();
  return trimmed === '' ? undefined : trimmed;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return code ?? (error instanceof Error ? error.message : String(error));
}
