import { type Client } from '@opensearch-project/opensearch';
import { type CloudEvent, type EventContract } from '@opencen/contracts';

import {
  type IndexNames,
  type SearchIndexDefinition,
  aliasTargets,
  isVersionConflict,
} from './search-index';

/** What the index holds of one aggregate: its id, the store's version of it, and the document. */
export interface ProjectedDocument {
  readonly id: string;
  /** The aggregate's `version` in the store: OpenSearch keeps the document of the highest one. */
  readonly version: number;
  readonly document: Record<string, unknown>;
}

/**
 * How a service keeps one of its indexes up to date: the events that change its documents, and how
 * to read the document of an aggregate from the store, by `_id`. The projector never indexes the
 * data of an event, only what the store holds when the event is handled, so a replayed, duplicated
 * or late event indexes the current state, and the aggregate's version makes a slower replica's
 * older read lose against a newer one.
 */
export interface SearchProjection {
  /** Durable consumer name, `<service>-search-<what>`. */
  readonly durable: string;
  readonly index: SearchIndexDefinition;
  /** The events that change documents of the index. */
  readonly events: readonly EventContract[];
  /** The aggregates an event changes; by default the one it is about (its `subject`). */
  readonly documentsOf?: (event: CloudEvent<unknown>) => readonly string[];
  /** The document of an aggregate as the store holds it now; null when it is gone. */
  readonly load: (id: string) => Promise<ProjectedDocument | null>;
  /** Time an event has before it is redelivered (another replica takes it after a crash). */
  readonly ackWaitMs?: number;
}

/** How long the projector trusts what it read of a rebuild in progress (see rebuildSearchIndex). */
export const BUILDING_LOOKUP_MS = 1000;

/**
 * Writes documents into an index's alias and, while a rebuild fills the next index version, into
 * that one too, with OpenSearch external versioning.
 */
export class SearchWriter {
  private building: { indexes: string[]; readAt: number } = { indexes: [], readAt: 0 };

  constructor(
    private readonly client: Client,
    readonly names: IndexNames,
  ) {}

  /** Indexes the document (or removes it when null) everywhere it is searched or being rebuilt. */
  async write(id: string, projected: ProjectedDocument | null): Promise<void> {
    const targets = [this.names.alias, ...(await this.buildingIndexes())];
    await Promise.all(targets.map((target) => this.writeOne(target, id, projected)));
  }

  private async writeOne(
    index: string,
    id: string,
    projected: ProjectedDocument | null,
  ): Promise<void> {
    try {
      if (projected === null) {
        await this.client.delete({ index, id }, { ignore: [404] });
        return;
      }
      await this.client.index({
        index,
        id,
        body: projected.document,
        version: projected.version,
        version_type: 'external',
        // Never let a write create an index by the alias's name: the alias must exist.
        require_alias: index === this.names.alias,
      });
    } catch (error) {
      // The index already holds this version or a newer one: nothing to do.
      if (isVersionConflict(error)) return;
      throw error;
    }
  }

  private async buildingIndexes(): Promise<string[]> {
    if (Date.now() - this.building.readAt < BUILDING_LOOKUP_MS) return this.building.indexes;
    const indexes = await aliasTargets(this.client, this.names.building);
    this.building = { indexes, readAt: Date.now() };
    return indexes;
  }
}

/** How far a projection is behind the store's events (readiness reports it). */
export interface ProjectionLag {
  /** Events delivered or waiting that the projector has not acknowledged. */
  readonly pending: number;
  /** From the event's time to its document being written, for the last event handled. */
  readonly lastLagMs: number | null;
}
