import {
  ApiException,
  type Configuration,
  type HttpMethod,
  type RequestContext,
} from '@kubernetes/client-node';

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
 * client-node's `ApiException`, as the typed clients do.
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
    const response = await this.configuration.httpApi.send(context).toPromise();
    const text = await response.body.text();
    const parsed = parseJson(text);
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      throw new ApiException(
        response.httpStatusCode,
        `HTTP ${response.httpStatusCode} from ${call.method} ${call.path}`,
        parsed ?? text,
        response.headers,
      );
    }
    return parsed as T;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
