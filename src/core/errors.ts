/**
 * Base of every error Countersign raises on purpose. `code` is stable and safe to
 * match on; the message is for logs unless the error is a {@link UserFacingError}.
 */
export class CountersignError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * The only kind of error whose message may be shown to a person in a chat or the
 * console. It says what is wrong and, where one helps, shows a correct example.
 */
export class UserFacingError extends CountersignError {
  readonly example: string | undefined;

  constructor(code: string, message: string, example?: string) {
    super(code, message);
    this.example = example;
  }

  /** The message followed by the example, as a person should read it. */
  toUserText(): string {
    return this.example ? `${this.message}\nExample: ${this.example}` : this.message;
  }
}

/** A lifecycle transition that the request's current state does not allow. */
export class IllegalTransitionError extends UserFacingError {
  constructor(message: string) {
    super('illegal_transition', message);
  }
}

/** A click or command from someone policy does not allow to do it. */
export class NotAuthorizedError extends UserFacingError {
  constructor(message: string) {
    super('not_authorized', message);
  }
}

/** A policy document that fails validation; `issues` name the path of each bad field. */
export class PolicyInvalidError extends CountersignError {
  readonly issues: readonly { path: string; message: string }[];

  constructor(issues: readonly { path: string; message: string }[]) {
    super('policy_invalid', issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    this.issues = issues;
  }
}

/** Settings that are missing or malformed at start-up; each issue names its variable. */
export class ConfigInvalidError extends CountersignError {
  readonly issues: readonly { variable: string; message: string }[];

  constructor(issues: readonly { variable: string; message: string }[]) {
    super('config_invalid', issues.map((i) => `${i.variable}: ${i.message}`).join('\n'));
    this.issues = issues;
  }
}
