import { readFile } from 'node:fs/promises';
import type { CliWriters } from './audit-verify.ts';

/** What the commands that read files and Redis need from the process, injected so tests can capture it. */
export interface AuditCommandIo extends CliWriters {
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  setExitCode(code: number): void;
}

/** The real process: stdout, stderr, the file system and stdin. */
export const processAuditIo: AuditCommandIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  readFile: (path) => readFile(path, 'utf8'),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  setExitCode: (code) => {
    process.exitCode = code;
  },
};
