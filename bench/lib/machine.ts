import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

/** The machine a run measured on, for the results table. */
export interface Machine {
  readonly cores: number;
  readonly memoryGb: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly kernel: string;
}

/** Describes this machine: `nproc`, total memory, CPU model, Node and kernel versions. */
export function describeMachine(): Machine {
  return {
    cores: availableParallelism(),
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    kernel: release(),
  };
}

/** The 1-minute load average now: other tenants of a shared machine show here. */
export function loadNow(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}
