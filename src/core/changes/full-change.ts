import type { RequestRecord } from '../lifecycle/request-record.ts';
import type { ApiCallInfo } from '../requests/request-types.ts';
import type { FieldChange } from './field-change.ts';
import { visibleJson } from './visible-json.ts';

/**
 * Everything a request sends, for the "Show full change" view of every surface: for a
 * patch, each changed path with its whole old and new value and the exact JSON merge
 * patch execution sends; for a kubectl request the proxy holds, the exact body it
 * forwards once approved. Text has invisible characters escaped (see `visibleJson`),
 * still plain user text that each renderer escapes for its platform.
 */
export interface FullChange {
  /** `patch`: a chat-filed patch; `api`: a kubectl request held by the proxy. */
  readonly kind: 'patch' | 'api';
  /** Every changed path, in patch order; `before`/`after` are `unset` where the field is absent. Empty for `api`. */
  readonly paths: readonly { readonly path: string; readonly before: string; readonly after: string }[];
  /** What is sent: the merge patch as stored and sent at execution, or the kubectl request's body; see {@link sentHeading}. */
  readonly sent: string;
  /** What execution adds to a patch: the approved object's UID, so the server refuses any other object. */
  readonly pinnedUid?: string;
  /** For `api`: the HTTP call whose body `sent` is. */
  readonly call?: {
    readonly method: string;
    readonly path: string;
    readonly contentType?: string;
    /** Size of the body forwarded, in bytes. */
    readonly bytes: number;
    readonly sha256: string;
    /** True when `sent` is the compact JSON body laid out with indentation (nothing else differs). */
    readonly prettyPrinted: boolean;
    /** True when the body bytes are not UTF-8 text, so no text can show them exactly (filing refuses it). */
    readonly notText: boolean;
  };
}

/** The full change of a patch or of a held kubectl request with a body, else undefined (also for a patch filed before paths were kept). */
export function fullChangeOf(
  record: Pick<RequestRecord, 'request' | 'changes' | 'targetUid'>,
): FullChange | undefined {
  const { request } = record;
  if (request.type === 'api') return apiFullChange(request.call);
  if (request.type !== 'action' || request.verb !== 'patch' || record.changes === undefined) return undefined;
  return fullChange(record.changes, request.patch, record.targetUid);
}

/** Builds the full change from the dry run's field changes and the patch as stored. */
export function fullChange(
  changes: readonly FieldChange[],
  patch: Readonly<Record<string, unknown>>,
  pinnedUid?: string,
): FullChange {
  return {
    kind: 'patch',
    paths: changes.map((c) => ({
      path: visibleJson(c.path),
      before: c.before === undefined ? 'unset' : visibleJson(c.before),
      after: c.after === undefined ? 'unset' : visibleJson(c.after),
    })),
    sent: visibleJson(JSON.stringify(patch, null, 2)),
    ...(pinnedUid === undefined ? {} : { pinnedUid }),
  };
}

/**
 * The full change of a kubectl call: its body exactly as stored and forwarded, with
 * invisible characters escaped. JSON is pretty-printed only when the body is exactly
 * its own compact serialisation (as kubectl sends it), so the layout is all that
 * changes; any other body (duplicate keys, odd numbers or spacing, YAML) is shown as
 * sent. Undefined for a call without a body.
 */
export function apiFullChange(call: ApiCallInfo): FullChange | undefined {
  const { body } = call;
  if (body === undefined || body === '') return undefined;
  const pretty = prettyJson(body);
  return {
    kind: 'api',
    paths: [],
    sent: visibleJson(pretty ?? body),
    call: {
      method: call.method,
      path: call.path,
      ...(call.contentType ? { contentType: call.contentType } : {}),
      bytes: call.bodyBytes ?? new TextEncoder().encode(body).length,
      sha256: call.bodySha256,
      prettyPrinted: pretty !== undefined,
      notText: call.bodyNotUtf8 === true,
    },
  };
}

function prettyJson(body: string): string | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return JSON.stringify(value) === body ? JSON.stringify(value, null, 2) : undefined;
  } catch {
    return undefined;
  }
}

/** Characters of a full change as every surface shows it: paths, old and new values, and what is sent. */
export function fullChangeSize(change: FullChange): number {
  return change.paths.reduce(
    (n, p) => n + p.path.length + p.before.length + p.after.length,
    change.sent.length,
  );
}

/** The label of the card's affordance that opens a full change: `Show full change`, or `Show full request` for a kubectl request. */
export function fullChangeLabel(change: FullChange): string {
  return change.kind === 'api' ? 'Show full request' : 'Show full change';
}

/** The title of the full-change view: `Full change` or `Full request`. */
export function fullChangeTitle(change: FullChange): string {
  return change.kind === 'api' ? 'Full request' : 'Full change';
}

/**
 * The heading above {@link FullChange.sent}, one wording for every surface, e.g.
 * `The body the proxy forwards once approved (POST /apis/apps/v1/namespaces/prod/deployments,
 * application/json, 1234 bytes, SHA-256 ab12…; pretty-printed here, compact as sent):`.
 */
export function sentHeading(change: FullChange): string {
  const { call } = change;
  if (!call) return 'The patch Countersign sends, exactly as approved:';
  const type = call.contentType ? `, ${call.contentType}` : '';
  const layout = call.prettyPrinted ? 'pretty-printed here, compact as sent' : 'exactly as sent';
  return (
    `The body the proxy forwards once approved (${call.method} ${call.path}${type}, ` +
    `${call.bytes} bytes, SHA-256 ${call.sha256}; ${layout}):`
  );
}
