/**
 * A first-come, first-served lock for a resource that runs one task at a time (the page's DuckDB
 * connection, src/components/db.ts): a task waits for every earlier one to finish, a failing task
 * hands the resource on like a succeeding one, and a holder that releases twice releases once.
 */
export interface SerialQueue {
  /** Wait for the resource; resolves to the function that hands it on (call it exactly once, in a finally). */
  acquire(): Promise<() => void>;
  /** `task` with the resource to itself. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function serialQueue(): SerialQueue {
  let tail: Promise<void> = Promise.resolve();
  const acquire = (): Promise<() => void> => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const before = tail;
    tail = before.then(() => held);
    return before.then(() => release);
  };
  return {
    acquire,
    async run(task) {
      const release = await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
