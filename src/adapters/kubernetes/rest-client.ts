import {
  ApiException,
  type Configuration,
  type HttpMethod,
  type RequestContext,
} from '@kubernetes/client-node';
import { request } from 'undici';

/** One JSON call to the API server. */
export interface RestCall {
  readonly method: HttpMethod;
  /** Absolute API path, e.g. `/apis/apps/v1/namespaces/prod/deployments/api`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Defaults to `application/json`; patches name their patch type. */
  readonly contentType?: string;
}

/**
 * Sends plain JSON to any API path through the same configuration (credentials,
 * pooled connection, impersonation, timeout) as the typed clients. Used for
 * operations on any kind Countersign knows, where the typed clients would need a
 * method per kind and their serializer drops fields a merge patch must keep (nulls
 * that delete, unknown fields the server should reject). Non-2xx answers throw
 * client-node's `ApiException`, as the typed clients do. The request is built by
 * client-node (URL, credentials, dispatcher, timeout signal) and sent with undici's
 * `request` on that dispatcher rather than client-node's `fetch`, which wraps every
 * response in web streams: this is the call each approved action makes.
 */
export class RestClient {
  constructor(private readonly configuration: Configuration) {}

  async call<T>(call: RestCall): Promise<T> {
    let context: RequestContext = this.configuration.baseServer.makeRequestContext(call.path, call.method);
    context.setHeaderParam('Accept', 'application/json');
    for (const [name, value] of Object.entries(call.query ?? {})) context.setQueryParam(name, value);
    if (call.body !== undefined) {
      context.setHeaderParam('Content-Type', call.contentType ?? 'application/json');
      context.setBody(JSON.stringify(call.body));
    }
    await this.configuration.authMethods.default?.applySecurityAuthentication(context);
    for (const middleware of this.configuration.middleware)
      context = await middleware.pre(context).toPromise();
    const dispatcher = context.getDispatcher();
    const signal = context.getSignal();
    const body = context.getBody() as string | undefined;
    const response = await request(context.getUrl(), {
      method: call.method,
      headers: context.getHeaders(),
      ...(body === undefined ? {} : { body }),
      ...(dispatcher ? { dispatcher } : {}),
      ...(signal ? { signal } : {}),
    });
    const text = await response.body.text();
    const parsed = parseJson(text);
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw new ApiException(
        response.statusCode,
        `HTTP ${response.statusCode} from ${call.method} ${call.path}`,
        parsed ?? text,
        headerRecord(response.headers),
      );
    }
    return parsed as T;
  }
}

/** Response headers as client-node's `ApiException` carries them: one string per name. */
function headerRecord(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) record[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
