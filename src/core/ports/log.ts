/**
 * The structured log the core writes to where it must report something it carries on
 * past (a channel it cannot post in). Pino's logger fits it as it is.
 */
export interface Log {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Where a failure is recorded that a person is told about only by reference. Pino's logger fits it as it is. */
export interface ErrorLog {
  error(fields: Record<string, unknown>, message: string): void;
}
