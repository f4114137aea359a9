const cleanups = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // Best effort while the process dies: one failure must not keep the others from running.
    }
  }
}

function install(): void {
  installed = true;
  process.once('exit', runAll);
  for (const signal of SIGNALS) {
    if (process.listenerCount(signal) > 0) continue;
    const onSignal = (): void => {
      runAll();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/**
 * Runs `cleanup` (synchronous: kill children, remove folders) if this process exits,
 * crashes, or gets SIGINT/SIGTERM/SIGHUP while no one else handles that signal, so a
 * crashed test leaves nothing running. Returns a function that unregisters it.
 */
export function registerExitCleanup(cleanup: () => void): () => void {
  if (!installed) install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}
