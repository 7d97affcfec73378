/**
 * Runs async work one at a time, in the order it asked. Used where a connection can hold only
 * one transaction (db/client.ts's async SQLite transactions, savepoints inside a transaction).
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}
