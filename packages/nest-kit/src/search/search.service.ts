import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@opensearch-project/opensearch';
import { type Logger } from 'pino';

import { EventBus } from '../jetstream/event-bus';
import { type EventConsumer, onEvent } from '../jetstream/event-consumer';
import { type ServiceKitOptions } from '../service/service-kit.options';
import { KIT_LOGGER, KIT_OPTIONS } from '../service/tokens';
import {
  type IndexNames,
  type SearchIndexDefinition,
  ensureSearchIndex,
  indexNames,
} from './search-index';
import { type ProjectionLag, type SearchProjection, SearchWriter } from './search-projection';

/** A registered projection and what it measures. */
interface RunningProjection {
  readonly projection: SearchProjection;
  readonly writer: SearchWriter;
  readonly consumer: EventConsumer;
  readonly measured: { lastLagMs: number | null };
}

/** The connection of a service to its search indexes (OPENSEARCH_URL, OPENSEARCH_INDEX_PREFIX). */
export function searchClientOf(env: { OPENSEARCH_URL: string }): Client {
  return new Client({ node: env.OPENSEARCH_URL, requestTimeout: 30_000 });
}

/**
 * The service's side of OpenSearch: the client, the names of its indexes under the configured
 * prefix, and the projections that keep them up to date from its own events. Searches go through
 * the alias of an index, so a rebuild swaps what they read without a failed search.
 */
@Injectable()
export class SearchService implements OnApplicationShutdown {
  readonly client: Client;
  private readonly projections: RunningProjection[] = [];

  constructor(
    @Inject(KIT_OPTIONS) private readonly options: ServiceKitOptions,
    @Inject(KIT_LOGGER) private readonly logger: Logger,
    private readonly events: EventBus,
  ) {
    this.client = searchClientOf(options.env);
  }

  /** The alias and index names of one of the service's indexes. */
  names(index: SearchIndexDefinition): IndexNames {
    return indexNames(index, this.options.env.OPENSEARCH_INDEX_PREFIX);
  }

  /** The alias searches of an index read. */
  alias(index: SearchIndexDefinition): string {
    return this.names(index).alias;
  }

  /**
   * Creates the index if it does not exist and starts keeping it up to date from the events of
   * the projection (a durable consumer, started with the others once the application is up).
   * Call it from a feature's onModuleInit.
   */
  async project(projection: SearchProjection): Promise<void> {
    const { index, current } = await ensureSearchIndex(
      this.client,
      projection.index,
      this.options.env.OPENSEARCH_INDEX_PREFIX,
    );
    if (!current) {
      this.logger.warn(
        { index, version: projection.index.version },
        `Index ${index} has older mappings than version ${projection.index.version}; it keeps ` +
          `serving until \`npm run reindex -w @opencen/${this.options.service}\` rebuilds it`,
      );
    }
    const writer = new SearchWriter(this.client, this.names(projection.index));
    const measured: RunningProjection['measured'] = { lastLagMs: null };
    const documentsOf = projection.documentsOf ?? ((event) => [event.subject]);
    const consumer = this.events.consume({
      durable: projection.durable,
      idempotent: true,
      ackWaitMs: projection.ackWaitMs ?? 10_000,
      handlers: projection.events.map((contract) =>
        onEvent(contract, async (event) => {
          for (const id of documentsOf(event)) await writer.write(id, await projection.load(id));
          measured.lastLagMs = Date.now() - Date.parse(event.time);
        }),
      ),
    });
    this.projections.push({ projection, writer, consumer, measured });
  }

  /** Writes the store's current document of an aggregate now (commands and tests). */
  async reproject(projection: SearchProjection, id: string): Promise<void> {
    const running = this.projections.find((p) => p.projection === projection);
    const writer = running?.writer ?? new SearchWriter(this.client, this.names(projection.index));
    await writer.write(id, await projection.load(id));
  }

  /** Readiness: the cluster answers and is not red. */
  async check(): Promise<void> {
    const { body } = await this.client.cluster.health({});
    if (body.status === 'red') throw new Error('the search cluster is red');
  }

  /** How far each projection is behind, by durable name. */
  async lag(): Promise<Record<string, ProjectionLag>> {
    const entries = await Promise.all(
      this.projections.map(
        async (running) =>
          [
            running.projection.durable,
            { pending: await running.consumer.pending(), lastLagMs: running.measured.lastLagMs },
          ] as const,
      ),
    );
    return Object.fromEntries(entries);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
