/**
 * Serializes the writes this process makes to one document.
 *
 * MongoDB applies each single-document update atomically, and the design relies on it. FerretDB
 * 1.24, which local runs and tests use, does not: it reads the document, applies the operators and
 * writes it back, so two concurrent updates of one document can lose one of them (measured: 200
 * concurrent `$inc` of one field kept 18; 20 concurrent updates guarded by the same `version` all
 * matched and 5 reported success). The outbox relay clears events right after a use case wrote
 * them, which makes such overlaps common; every kit write to an aggregate therefore goes through
 * this lock. It protects one process only: several replicas on FerretDB can still lose updates,
 * which is one reason production runs MongoDB.
 */
export class DocumentWriteLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `write` after every earlier write to the same document in this process has settled. */
  async run<T>(collection: string, id: unknown, write: () => Promise<T>): Promise<T> {
    const key = `${collection}\u0000${String(id)}`;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(write, write);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** The process-wide lock shared by the outbox relay and the kit's aggregate writes. */
export const documentWriteLock = new DocumentWriteLock();
