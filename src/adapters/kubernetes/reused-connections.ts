import type { Dispatcher } from './impersonation.ts';

/**
 * Wraps a dispatcher so a request with a body keeps its connection for the next
 * request. undici closes the connection after any request whose method does not
 * expect a payload but carries one, against servers that misread such bodies; a
 * Kubernetes DELETE carries its `DeleteOptions` (the UID precondition of every
 * revocation) that way, so each delete paid a new TLS connection and secure context.
 * The API server (Go's net/http) reads every body by its length, so the connection is
 * safe to reuse. A request that asks for `reset` itself keeps its choice; the wrapper
 * shares the base dispatcher's pool.
 */
export function reusingConnections(base: Dispatcher): Dispatcher {
  return base.compose(
    (dispatch) => (options, handler) =>
      dispatch(
        options.body === undefined || options.body === null || options.reset !== undefined
          ? options
          : { ...options, reset: false },
        handler,
      ),
  );
}
