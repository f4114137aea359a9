import { createHmac } from 'node:crypto';
import type { AuditRecord } from '../../core/audit/audit-record.ts';
import { auditJsonLines } from '../../core/audit/jsonl.ts';
import type { Clock } from '../../core/ports/clock.ts';
import { AuditDeliveryError, type AuditDestination } from './audit-destination.ts';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const AUDIT_SIGNATURE_HEADER = 'countersign-signature';

/** Header of a checkpoint POST: the chain length it vouches for. */
export const AUDIT_CHECKPOINT_HEADER = 'countersign-checkpoint';

/** Settings of {@link httpAuditDestination}. */
export interface HttpAuditDestinationOptions {
  readonly url: string;
  /** Key of the HMAC-SHA256 signature the receiver checks. */
  readonly secret: string;
  readonly clock: Clock;
  /** How long one POST may take before it counts as failed; default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * POSTs each batch to an HTTP endpoint as JSON lines (`application/x-ndjson`, one
 * record per line in chain order, the `audit export` format, so the receiver's copy
 * verifies with `countersign audit verify`). The body is signed: the
 * `Countersign-Signature` header holds `t=<unix seconds>,v1=<hex>`, the HMAC-SHA256
 * with the shared secret of `<t>.<body>`; `Countersign-First-Seq` and
 * `Countersign-Last-Seq` name the range. Any 2xx answer acknowledges the whole batch;
 * anything else, a timeout or a dropped connection fails it. A checkpoint of the chain's
 * head is POSTed to the same URL as `application/json`
 * `{"auditCheckpoint":{"count":N,"headHash":"…","at":"…"}}` with the
 * `Countersign-Checkpoint: N` header, signed the same way.
 */
export function httpAuditDestination(options: HttpAuditDestinationOptions): AuditDestination {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const post = async (body: string, headers: Record<string, string>): Promise<void> => {
    const timestamp = Math.floor(options.clock.now() / 1000);
    const signature = createHmac('sha256', options.secret).update(`${timestamp}.${body}`).digest('hex');
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: 'POST',
        headers: { ...headers, [AUDIT_SIGNATURE_HEADER]: `t=${timestamp},v1=${signature}` },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
    } catch (error) {
      throw new AuditDeliveryError(`POST to the audit sink failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!response.ok) {
      throw new AuditDeliveryError(`the audit sink answered ${response.status} ${response.statusText}`);
    }
  };
  return {
    name: 'http',
    deliver: (records) =>
      post(records.map((record) => `${auditJsonLines.format(record)}\n`).join(''), {
        'content-type': 'application/x-ndjson',
        'countersign-first-seq': String(first(records).seq),
        'countersign-last-seq': String(last(records).seq),
      }),
    deliverCheckpoint: (checkpoint) =>
      post(JSON.stringify({ auditCheckpoint: checkpoint }), {
        'content-type': 'application/json',
        [AUDIT_CHECKPOINT_HEADER]: String(checkpoint.count),
      }),
  };
}

function first(records: readonly AuditRecord[]): AuditRecord {
  const record = records[0];
  if (!record) throw new AuditDeliveryError('nothing to deliver');
  return record;
}

function last(records: readonly AuditRecord[]): AuditRecord {
  return first(records.slice(-1));
}
