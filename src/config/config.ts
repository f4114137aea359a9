/** Log levels pino understands, quietest last. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** How to reach Redis; `sentinel` present means connect through Redis Sentinel. */
export interface RedisConfig {
  /** `redis://` or `rediss://` URL with any password moved out into `password`. */
  readonly url: string;
  readonly password?: string;
  /** PEM of the CA(s) that signed a rediss:// server's certificate (REDIS_TLS_CA_PATH); absent, Node's default CAs. */
  readonly tlsCa?: string;
  /** Prefix of every key Countersign and BullMQ write, so several installs can share a Redis. */
  readonly keyPrefix: string;
  readonly sentinel?: {
    /** Name of the monitored primary, e.g. `mymaster`. */
    readonly name: string;
    readonly nodes: readonly { readonly host: string; readonly port: number }[];
    readonly password?: string;
  };
}

/** A cluster requests may name with `--cluster`, mapped to a kubeconfig context. */
export interface ClusterConfig {
  readonly name: string;
  /** Kubeconfig context; absent means the current context (or in-cluster credentials). */
  readonly context?: string;
}

/** Where clusters come from; with no kubeconfig the client's defaults apply (in-cluster in a pod). */
export interface KubernetesConfig {
  /** Value of `KUBECONFIG` (may list several files, as kubectl allows). */
  readonly kubeconfig?: string;
  /** Never empty: with no `COUNTERSIGN_CLUSTERS`, one cluster named after the default. */
  readonly clusters: readonly ClusterConfig[];
  readonly defaultCluster: string;
  /** Namespaces no request acts in or grants access to, whatever policy says; absent means countersign, kube-system. */
  readonly reservedNamespaces?: readonly string[];
}

/** How a chat user becomes a Kubernetes username and groups (docs/spec.md §4 "Identity"). */
export interface IdentityConfig {
  readonly mode: 'table' | 'email';
  /** YAML/JSON file mapping platform user IDs to `{ username, groups }`. */
  readonly tableFile?: string;
  /** Prepended to an email in `email` mode, e.g. `oidc:`; `''` when unset. */
  readonly emailUsernamePrefix: string;
}

/** Slack is enabled when this is present; Socket Mode when an app token is given. */
export type SlackConfig = {
  readonly botToken: string;
  /** Web API base ending in `/`, for tests against a fake Slack; absent means Slack's own. */
  readonly apiUrl?: string;
  /**
   * Name of the channel a request's `--incident ID` is announced in, `{id}` standing for
   * the lower-cased ID (e.g. `inc-{id}`); absent means `{id}` alone.
   */
  readonly incidentChannelTemplate?: string;
  /** Channel (name or ID) where every break-glass run is announced; absent means none. */
  readonly securityChannel?: string;
  /**
   * Workspace (`T…`) and Enterprise Grid organization (`E…`) IDs whose deliveries are
   * served; absent means the bot token's own workspace (or organization), from auth.test.
   */
  readonly allowedWorkspaces?: readonly string[];
} & (
  | { readonly mode: 'socket'; readonly appToken: string; readonly signingSecret?: string }
  | { readonly mode: 'http'; readonly signingSecret: string }
);

/**
 * Where the Bot Framework and Entra live. The defaults are Azure's public cloud; other
 * values serve sovereign or private clouds, and tests (a local OpenID metadata document,
 * token issuer and login endpoint).
 */
export interface TeamsEndpoints {
  /** Entra login host without a tenant (`ToChannelFromBotLoginUrl` minus the tenant); https only. */
  readonly loginUrl: string;
  /** OpenID metadata whose keys sign the channel's tokens (`ToBotFromChannelOpenIdMetadataUrl`). */
  readonly openIdMetadataUrl: string;
  /** `iss` of the channel's tokens (`ToBotFromChannelTokenIssuer`). */
  readonly tokenIssuer: string;
  /** Audience of Countersign's tokens for the connector (`ToChannelFromBotOAuthScope`). */
  readonly oauthScope: string;
}

/** Teams (Bot Framework) is enabled when this is present. */
export interface TeamsConfig {
  readonly appId: string;
  readonly appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  /** The client secret; absent for `UserAssignedMSI` and when a certificate is used. */
  readonly appPassword?: string;
  /** One PEM with the app's certificate and private key; used instead of the password when both are set. */
  readonly certificate?: string;
  /** Absent only for `MultiTenant`. */
  readonly tenantId?: string;
  /**
   * Entra tenant IDs (lower-case GUIDs) whose activities are served; never empty:
   * `TEAMS_ALLOWED_TENANTS`, or else `TEAMS_TENANT_ID`. Activities from any other
   * tenant are refused, since Teams says who their senders are.
   */
  readonly allowedTenants: readonly string[];
  /** Microsoft Graph base URL without a trailing slash, for Entra approver groups. */
  readonly graphUrl: string;
  readonly endpoints: TeamsEndpoints;
  /**
   * Name of the Teams channel a request's `--incident ID` is announced in, `{id}`
   * standing for the lower-cased ID (e.g. `inc-{id}`); absent means `{id}` alone.
   */
  readonly incidentChannelTemplate?: string;
  /** Channel ID (`19:...@thread.tacv2`) where every break-glass run is announced; absent means none. */
  readonly securityChannel?: string;
}

/** OpenID Connect for console login and step-up; enabled when present. */
export interface OidcConfig {
  readonly issuerUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** An `acr` the ID token must carry after step-up, e.g. `phr`. */
  readonly requiredAcr?: string;
  /** Every listed `amr` value (e.g. `mfa`) must appear in the step-up ID token. */
  readonly requiredAmr: readonly string[];
}

/** A user the console offers without login, in dev-users mode (loopback only). */
export interface DevUser {
  readonly username: string;
  readonly groups: readonly string[];
}

/** The web console: sessions, and the dev-users mode for a sandbox without OIDC. */
export interface ConsoleConfig {
  /** Signs session cookies; always present when OIDC is configured. */
  readonly sessionSecret?: string;
  /** Present only in dev-users mode, which config allows only on a loopback host. */
  readonly devUsers?: readonly DevUser[];
}

/**
 * The audit sink: where workers deliver every audit record, in chain order, before the
 * Redis stream is trimmed behind it. Neither destination configured means no delivery
 * and no trimming.
 */
export interface AuditSinkConfig {
  /** POST endpoint and the HMAC key that signs each delivery. */
  readonly http?: { readonly url: string; readonly secret: string };
  /** Write each record to stdout as a JSON line. */
  readonly stdout: boolean;
  /** Records per delivery. */
  readonly batchSize: number;
}

/**
 * The on-call services approver groups and rules may name (`onCall`); a service is
 * present when its token is set. Base URLs have no trailing slash.
 */
export interface OnCallConfig {
  readonly pagerduty?: { readonly apiUrl: string; readonly token: string; readonly timeoutMs?: number };
  readonly opsgenie?: { readonly apiUrl: string; readonly apiKey: string; readonly timeoutMs?: number };
  /** How long one schedule's answer is reused. */
  readonly cacheTtlMs: number;
}

/** Timings and sizes an operator may tune; durations are in milliseconds. */
export interface TuningConfig {
  readonly sweepIntervalMs: number;
  readonly remindBeforeMs: number;
  readonly workerConcurrency: number;
  /** Revocation slots per worker process, apart from `workerConcurrency`. */
  readonly revocationConcurrency: number;
  readonly shutdownGraceMs: number;
  readonly metricsEnabled: boolean;
}

/** The kubectl proxy (`countersign proxy`): where it listens, its TLS, and how long it holds a request. */
export interface ProxyConfig {
  readonly host: string;
  readonly port: number;
  /** Paths of the PEM certificate (chain) and private key it serves; absent, the proxy cannot start. */
  readonly tls?: { readonly certPath: string; readonly keyPath: string };
  /** Base URL kubeconfigs point at, without a trailing slash (default `https://PROXY_HOST:PROXY_PORT`). */
  readonly publicUrl: string;
  /** Longest an HTTP request is held open waiting for approval. */
  readonly holdLimitMs: number;
  /** How long after approval an identical re-run executes the approved request. */
  readonly rerunWindowMs: number;
  /** Past the hold limit: `forbidden` answers 403 "re-run", `retry` answers 429 with Retry-After. */
  readonly holdLimitAnswer: 'forbidden' | 'retry';
}

/**
 * Everything Countersign reads from its environment, validated and grouped. Built only by
 * `loadConfig`; a platform's section is present exactly when that platform is configured.
 * Contains secrets: print it only through `redactConfig`.
 */
export interface Config {
  readonly logLevel: LogLevel;
  readonly policyFile: string;
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** Base of links in cards and OIDC redirects, without a trailing slash. */
    readonly publicBaseUrl: string;
    /**
     * Where `/healthz`, `/readyz` and `/metrics` are served when they have their own port
     * (METRICS_PORT); absent, they share the public server.
     */
    readonly ops?: { readonly host: string; readonly port: number };
  };
  readonly redis: RedisConfig;
  readonly kubernetes: KubernetesConfig;
  readonly identity: IdentityConfig;
  readonly slack?: SlackConfig;
  readonly teams?: TeamsConfig;
  readonly oidc?: OidcConfig;
  readonly console: ConsoleConfig;
  readonly auditSink: AuditSinkConfig;
  readonly tuning: TuningConfig;
  readonly proxy: ProxyConfig;
  readonly onCall: OnCallConfig;
  /** Regular expression every `--incident` ID must match in full (ignoring case); absent means `INC-[0-9]+`. */
  readonly incidentIdPattern?: string;
}
