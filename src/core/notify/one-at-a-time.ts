/**
 * Runs tasks for the same key one after another within this process (notifications
 * of one request arrive in bursts: approved, queued, executing, succeeded), while
 * tasks for different keys run freely. Other processes are not held back; the
 * message ledger keeps those safe.
 */
export class OneAtATime {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
