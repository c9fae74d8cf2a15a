import { mongo } from 'mongoose';

/**
 * What FileChunks uses of a collection (a model's `collection`): structural, so that a service's
 * own mongoose copy fits.
 */
export interface ChunkCollection {
  replaceOne(filter: never, replacement: never, options: { upsert: boolean }): Promise<unknown>;
  findOne(filter: never): Promise<{ data?: unknown } | null>;
  deleteOne(filter: never): Promise<unknown>;
}

/**
 * The bytes of files kept by key, a chunk a document: `<file id>:<sequence>` holds `data` (binary)
 * beside whatever fields the owner adds. A NATS message is too small for a file, so an upload
 * arrives as numbered chunk requests that any replica may take; storing each chunk by its key
 * (again, after a crash, replaces it) needs nothing FerretDB lacks, unlike GridFS, whose upload
 * stream lives in one process. The upload's own document counts the chunks: a chunk is only ever
 * read or deleted through it, from 0 to that count. The cases' photos and the messages'
 * attachments are kept this way.
 */
export class FileChunks {
  constructor(private readonly chunks: ChunkCollection) {}

  /** The key of chunk `sequence` of file `fileId`. */
  static key(fileId: string, sequence: number): string {
    return `${fileId}:${sequence}`;
  }

  /** Stores chunk `sequence` (again, if it was stored before a crash), with the owner's `fields`. */
  async put(
    fileId: string,
    sequence: number,
    data: Buffer,
    fields: Readonly<Record<string, unknown>> = {},
  ): Promise<void> {
    await this.chunks.replaceOne(
      { _id: FileChunks.key(fileId, sequence) } as never,
      { ...fields, data: new mongo.Binary(data) } as never,
      { upsert: true },
    );
  }

  /** Chunk `sequence`, or null when it is not stored. */
  async get(fileId: string, sequence: number): Promise<Buffer | null> {
    const document = await this.chunks.findOne({
      _id: FileChunks.key(fileId, sequence),
    } as never);
    return document ? binaryToBuffer(document.data) : null;
  }

  /** The `count` chunks of a file in order, one in memory at a time; a missing one throws. */
  async *read(fileId: string, count: number): AsyncIterable<Buffer> {
    for (let sequence = 0; sequence < count; sequence++) {
      const data = await this.get(fileId, sequence);
      if (!data) throw new Error(`Chunk ${sequence} of file ${fileId} is missing`);
      yield data;
    }
  }

  /** Deletes chunks 0 to `last` of a file, each by key. */
  async remove(fileId: string, last: number): Promise<void> {
    for (let sequence = 0; sequence <= last; sequence++) {
      await this.chunks.deleteOne({ _id: FileChunks.key(fileId, sequence) } as never);
    }
  }
}

/** Binary data as stored (a driver Binary, or a Buffer) as a Buffer. */
export function binaryToBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof mongo.Binary) return Buffer.from(data.buffer);
  throw new Error('Stored data is not binary');
}
