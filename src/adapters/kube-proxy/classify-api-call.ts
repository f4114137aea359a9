import { createHash } from 'node:crypto';
import { KINDS, type KindInfo } from '../../core/requests/kinds.ts';
import type { ApiRequest, ApiResourceRef, ApiVerb } from '../../core/requests/request-types.ts';
import type { ApiCall } from './proxy-gate.ts';

/** A resource request, classified; `dryRun` ones change nothing and always pass. */
export interface ClassifiedCall {
  readonly request: ApiRequest;
  /** `?dryRun=All`: the API server only checks the request. */
  readonly dryRun: boolean;
}

const STREAMING = new Set(['exec', 'attach', 'portforward', 'proxy']);
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const RESTARTABLE = new Set(['deployments', 'statefulsets', 'daemonsets']);

interface PathParts {
  readonly resource: ApiResourceRef;
  readonly namespace?: string;
  readonly name?: string;
  readonly watchPrefix: boolean;
}

/** Splits `/api/v1/...` or `/apis/GROUP/VERSION/...` into resource, namespace, name and subresource. */
export function parseApiPath(pathname: string): PathParts | undefined {
  const segments = pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 2) {
    group = '';
    version = segments[1]!;
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 3) {
    group = segments[1]!;
    version = segments[2]!;
    rest = segments.slice(3);
  } else return undefined;
  const watchPrefix = rest[0] === 'watch';
  if (watchPrefix) rest = rest.slice(1);
  if (rest.length === 0) return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  } else if (rest[0] === 'namespaces' && rest.length === 2) {
    return { resource: { group, version, resource: 'namespaces' }, name: rest[1]!, watchPrefix };
  }
  const [resource, name, subresource] = rest;
  if (!resource || rest.length > 3) return undefined;
  return {
    resource: { group, version, resource, ...(subresource ? { subresource } : {}) },
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    watchPrefix,
  };
}

function kindOf(resource: ApiResourceRef): KindInfo | undefined {
  return KINDS.find((k) => k.resource === resource.resource && k.group === resource.group);
}

function parseJson(body: string | undefined): unknown {
  if (body === undefined || body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A JSON patch's operations as `(path, value)`; an object patch gives none. */
function jsonPatchOps(parsed: unknown): { path: string; value: unknown }[] {
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((op) =>
    op && typeof op === 'object' && typeof (op as { path?: unknown }).path === 'string'
      ? [{ path: (op as { path: string }).path, value: (op as { value?: unknown }).value }]
      : [],
  );
}

function patchVerb(resource: ApiResourceRef, contentType: string, parsed: unknown): ApiVerb {
  if (contentType.startsWith('application/apply-patch')) return 'apply';
  if (resource.subresource === 'scale') return 'scale';
  if (resource.subresource) return 'patch';
  const ops = jsonPatchOps(parsed);
  if (RESTARTABLE.has(resource.resource)) {
    const annotation = at(parsed, ['spec', 'template', 'metadata', 'annotations', RESTARTED_AT]);
    const byOp = ops.some((op) => op.path.endsWith(`/annotations/${RESTARTED_AT.replace('/', '~1')}`));
    if (typeof annotation === 'string' || byOp) return 'restart';
  }
  if (resource.resource === 'nodes' && resource.group === '') {
    // kubectl uncordon sends `{"spec":{"unschedulable":null}}` (false is omitted), so null counts.
    const byPatch = at(parsed, ['spec', 'unschedulable']);
    const unschedulable =
      byPatch !== undefined ? byPatch : ops.find((op) => op.path === '/spec/unschedulable')?.value;
    if (unschedulable === true) return 'cordon';
    if (unschedulable === false || (unschedulable === null && parsed !== undefined)) return 'uncordon';
  }
  return 'patch';
}

function verbOf(call: ApiCall, parts: PathParts, query: URLSearchParams, parsed: unknown): ApiVerb {
  const { resource, name } = parts;
  const sub = resource.subresource;
  const contentType = (headerValue(call.headers['content-type']) ?? '').toLowerCase();
  switch (call.method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
      if (sub && STREAMING.has(sub)) return sub as ApiVerb;
      if (parts.watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1') return 'watch';
      return name ? 'get' : 'list';
    case 'POST':
      if (sub && STREAMING.has(sub)) return sub as ApiVerb;
      if (sub === 'eviction') return 'evict';
      return 'create';
    case 'PUT':
      return sub === 'scale' ? 'scale' : 'update';
    case 'PATCH':
      return patchVerb(resource, contentType, parsed);
    case 'DELETE':
      return name ? 'delete' : 'deletecollection';
    default:
      return 'get';
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Turns one HTTP request to the Kubernetes API into the request model policy decides:
 * method, path, query, content type and body give the verb (DELETE → `delete` or
 * `deletecollection`, `pods/eviction` → `evict`, `/scale` → `scale`, a patch setting
 * `kubectl.kubernetes.io/restartedAt` → `restart`, a node patch of
 * `spec.unschedulable` → `cordon`/`uncordon`, server-side apply → `apply`, exec,
 * attach and port-forward by GET or POST), plus resource, subresource, namespace,
 * name, replicas and the exact call. Undefined for non-resource paths (discovery,
 * `/version`, `/openapi`), which carry no object and pass.
 */
export function classifyApiCall(call: ApiCall): ClassifiedCall | undefined {
  const url = new URL(call.path, 'https://proxy.invalid');
  const parts = parseApiPath(url.pathname);
  if (!parts) return undefined;
  const body = call.body !== undefined && call.body.length > 0 ? call.body.toString('utf8') : undefined;
  const parsed = parseJson(body);
  const verb = verbOf(call, parts, url.searchParams, parsed);
  const kind = kindOf(parts.resource);
  const contentType = headerValue(call.headers['content-type']);
  const replicas = verb === 'scale' ? at(parsed, ['spec', 'replicas']) : undefined;
  const { namespace } = parts;
  const request: ApiRequest = {
    type: 'api',
    verb,
    resource: parts.resource,
    ...(kind ? { kind } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(parts.name !== undefined ? { name: parts.name } : {}),
    ...(typeof replicas === 'number' ? { replicas } : {}),
    cluster: call.cluster,
    reason: 'run from kubectl through countersign proxy',
    breakGlass: false,
    call: {
      method: call.method.toUpperCase(),
      path: call.path,
      ...(contentType ? { contentType } : {}),
      ...(body !== undefined ? { body, bodyBytes: call.body?.length ?? 0 } : {}),
      ...(body !== undefined && !Buffer.from(body, 'utf8').equals(call.body ?? Buffer.alloc(0))
        ? { bodyNotUtf8: true as const }
        : {}),
      bodySha256: createHash('sha256')
        .update(call.body ?? Buffer.alloc(0))
        .digest('hex'),
    },
  };
  // kubectl puts a delete's dry run in its DeleteOptions body, everything else's in the query.
  const bodyDryRun = at(parsed, ['dryRun']);
  const dryRun =
    url.searchParams.getAll('dryRun').includes('All') ||
    (Array.isArray(bodyDryRun) && bodyDryRun.includes('All'));
  return { request, dryRun };
}

/** The kubectl-like line that names a classified request, e.g. `kubectl delete pods/web -n prod`. */
export function commandText(request: ApiRequest): string {
  const { resource } = request;
  const what = resource.subresource ? `${resource.resource}/${resource.subresource}` : resource.resource;
  const target = request.name ? `${what} ${request.name}` : what;
  const ns = request.namespace ? ` -n ${request.namespace}` : '';
  return `kubectl ${request.verb} ${target}${ns} (${request.call.method} ${request.call.path})`;
}
