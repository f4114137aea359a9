import { CountersignError } from '../errors.ts';

/** A line of a JSON-lines audit export that is not a well-formed audit record; names the line. */
export class AuditFormatError extends CountersignError {
  readonly line: number;

  constructor(line: number, message: string) {
    super('audit_malformed', `line ${line}: ${message}`);
    this.line = line;
  }
}
