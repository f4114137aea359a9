/** The person behind a request to the proxy, as the cluster's TokenReview named them. */
export interface Caller {
  readonly username: string;
  /** The user's UID where the authenticator gives one. */
  readonly uid?: string;
  readonly groups: readonly string[];
}
