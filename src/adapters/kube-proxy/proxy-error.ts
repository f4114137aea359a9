import { CountersignError } from '../../core/errors.ts';

/** The proxy cannot decide who is calling or where to send the request: answered 503, nothing forwarded. */
export class ProxyUnavailableError extends CountersignError {
  constructor(message: string, options?: ErrorOptions) {
    super('proxy_upstream_unavailable', message, options);
  }
}
