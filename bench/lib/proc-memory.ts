import { readFileSync } from 'node:fs';

/** A process's resident memory now and at its peak, in MB (from /proc/<pid>/status). */
export interface ProcessMemory {
  /** `VmRSS`: resident set size now. */
  readonly rssMb: number;
  /** `VmHWM`: the highest resident set size since the process started. */
  readonly peakRssMb: number;
}

function field(status: string, name: string, pid: number): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no ${name} line`);
  return Number(match[1]) / 1024;
}

/**
 * Reads `VmRSS` and `VmHWM` of a running process on Linux. Throws when the process
 * is gone or the kernel does not report them, rather than guess.
 */
export function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssMb: field(status, 'VmRSS', pid), peakRssMb: field(status, 'VmHWM', pid) };
}
