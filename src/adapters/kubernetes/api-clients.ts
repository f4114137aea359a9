import {
  AppsV1Api,
  AuthorizationV1Api,
  type Configuration,
  CoreV1Api,
  PolicyV1Api,
  RbacAuthorizationV1Api,
  VersionApi,
} from '@kubernetes/client-node';
import { RestClient } from './rest-client.ts';

/**
 * The client-node clients one (cluster, identity) pair uses, all built on one
 * configuration so they share credentials, connection pool and impersonation.
 * Built once per pair and reused.
 */
export interface ApiClients {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly policy: PolicyV1Api;
  readonly rbac: RbacAuthorizationV1Api;
  readonly authorization: AuthorizationV1Api;
  readonly version: VersionApi;
  /** Plain JSON on any API path, for operations on any kind. */
  readonly rest: RestClient;
}

/** Builds every client on one configuration. */
export function createApiClients(configuration: Configuration): ApiClients {
  return {
    core: new CoreV1Api(configuration),
    apps: new AppsV1Api(configuration),
    policy: new PolicyV1Api(configuration),
    rbac: new RbacAuthorizationV1Api(configuration),
    authorization: new AuthorizationV1Api(configuration),
    version: new VersionApi(configuration),
    rest: new RestClient(configuration),
  };
}
