import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@opensearch-project/opensearch';
import { type Logger } from 'pino';

import { type BaseEnv, type SearchEnv } from '../config/env';
import { EventBus } from '../jetstream/event-bus';
import { projectionLagSeconds } from '../metrics/metrics';
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

/** One hit of a search: the document's id and what the request asked of it. */
export interface SearchHit {
  readonly _id: string;
  readonly _source?: Record<string, unknown>;
  readonly sort?: unknown[];
  readonly highlight?: Record<string, string[]>;
}

/** What a search answers: the exact total when asked (track_total_hits), hits, aggregations. */
export interface SearchReply {
  readonly total: number;
  readonly hits: SearchHit[];
  readonly aggregations?: Record<string, unknown>;
}

/** A registered projection and what it measures. */
interface RunningProjection {
  readonly projection: SearchProjection;
  readonly writer: SearchWriter;
  readonly consumer: EventConsumer;
  /** The last lag measured here, and the acknowledged floor the index was last refreshed at. */
  readonly measured: { lastLagMs: number | null; refreshedAtFloor: number };
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
  private readonly removeMetricSources: (() => void)[] = [];

  private readonly env: SearchEnv;

  constructor(
    @Inject(KIT_OPTIONS) private readonly options: ServiceKitOptions,
    @Inject(KIT_LOGGER) private readonly logger: Logger,
    private readonly events: EventBus,
  ) {
    const env = options.env as BaseEnv & Partial<SearchEnv>;
    if (env.OPENSEARCH_URL === undefined) {
      throw new Error(
        `${options.service} has search indexes: its env schema must spread searchEnvShape (OPENSEARCH_URL)`,
      );
    }
    this.env = {
      OPENSEARCH_URL: env.OPENSEARCH_URL,
      OPENSEARCH_INDEX_PREFIX: env.OPENSEARCH_INDEX_PREFIX ?? '',
    };
    this.client = searchClientOf(this.env);
  }

  /** The alias and index names of one of the service's indexes. */
  names(index: SearchIndexDefinition): IndexNames {
    return indexNames(index, this.env.OPENSEARCH_INDEX_PREFIX);
  }

  /** The alias searches of an index read. */
  alias(index: SearchIndexDefinition): string {
    return this.names(index).alias;
  }

  /**
   * Creates the index if it does not exist and starts keeping it up to date from the events of
   * the projection (a durable consumer, started with the others once the application is up, that
   * takes the events published from its creation on: what the store held before is copied by the
   * rebuild command). Call it from a feature's onModuleInit.
   */
  async project(projection: SearchProjection): Promise<void> {
    await this.ensureIndex(projection.index);
    const writer = new SearchWriter(this.client, this.names(projection.index));
    const measured: RunningProjection['measured'] = { lastLagMs: null, refreshedAtFloor: -1 };
    const documentsOf = projection.documentsOf ?? ((event) => [event.subject]);
    const prefix = this.env.OPENSEARCH_INDEX_PREFIX;
    const consumer = this.events.consume({
      // Indexes under another prefix are another projection, with a consumer of their own.
      durable: prefix
        ? `${projection.durable}-${prefix.replace(/[^A-Za-z0-9_-]/g, '')}`
        : projection.durable,
      idempotent: true,
      fromNow: true,
      // Order does not matter: each write is the store's state under its version.
      parallel: 8,
      ackWaitMs: projection.ackWaitMs ?? 10_000,
      handlers: projection.events.map((contract) =>
        onEvent(contract, async (event) => {
          for (const id of documentsOf(event)) await writer.write(id, await projection.load(id));
          measured.lastLagMs = Date.now() - Date.parse(event.time);
        }),
      ),
    });
    this.projections.push({ projection, writer, consumer, measured });
    // Its pending events are the consumer's lag; this is how late the last write was.
    this.removeMetricSources.push(
      projectionLagSeconds.add(() =>
        measured.lastLagMs === null
          ? []
          : [{ labels: { durable: projection.durable }, value: measured.lastLagMs / 1000 }],
      ),
    );
  }

  /**
   * Creates the index under the service's prefix if it does not exist, and warns when the live
   * one has older mappings (see ensureSearchIndex); {@link project} calls it, and a feature whose
   * index is written otherwise (not from events) calls it from its onModuleInit.
   */
  async ensureIndex(index: SearchIndexDefinition): Promise<void> {
    const {
      index: live,
      current,
      accepts,
    } = await ensureSearchIndex(this.client, index, this.env.OPENSEARCH_INDEX_PREFIX);
    if (!current) {
      this.logger.warn(
        { index: live, version: index.version, accepts },
        `Index ${live} has older mappings than version ${index.version}; it keeps ` +
          `serving until \`npm run reindex -w @opencen/${this.options.service}\` rebuilds it` +
          (accepts
            ? ' (the new fields were added to it: documents written meanwhile have them)'
            : ' (its mappings cannot take the new ones: writes fail and wait until then)'),
      );
    }
  }

  /** Sends a search request (the OpenSearch query DSL) to an index's alias. */
  async query(index: SearchIndexDefinition, body: Record<string, unknown>): Promise<SearchReply> {
    const { body: reply } = await this.client.search({
      index: this.alias(index),
      body: body as never,
    });
    const total = reply.hits.total;
    return {
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      hits: reply.hits.hits as unknown as SearchHit[],
      ...(reply.aggregations
        ? { aggregations: reply.aggregations as Record<string, unknown> }
        : {}),
    };
  }

  /** Writes the store's current document of an aggregate now (commands and tests). */
  async reproject(projection: SearchProjection, id: string): Promise<void> {
    const running = this.projections.find((p) => p.projection === projection);
    const writer = running?.writer ?? new SearchWriter(this.client, this.names(projection.index));
    await writer.write(id, await projection.load(id));
  }

  /**
   * Waits until the projection of an index has indexed every event published so far (at most
   * `withinMs`), for a reader that must not miss a change acknowledged before it started, such as
   * the cases that name a subject when that subject is merged. Covers the writes of this replica and every
   * event already published (another replica's write still between its store and the stream is
   * not). False when the time ran out.
   */
  async waitUntilIndexed(index: SearchIndexDefinition, withinMs: number): Promise<boolean> {
    const running = this.projections.find((p) => p.projection.index === index);
    if (!running) throw new Error(`No projection of ${index.alias} runs here`);
    // What this replica acknowledged is on the stream first, then counted in `end`.
    await this.events.publishPending();
    const end = await running.consumer.streamEnd();
    const deadline = Date.now() + withinMs;
    let state = await running.consumer.handledUpTo(end);
    while (!state.handled) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await running.consumer.handledUpTo(end);
    }
    // Indexed is not yet searchable: make it so for this reader, unless no replica indexed an
    // event since the last refresh (the acknowledged floor has not moved).
    const { measured } = running;
    if (state.ackFloor !== measured.refreshedAtFloor) {
      await this.client.indices.refresh({ index: this.alias(index) });
      measured.refreshedAtFloor = state.ackFloor;
    }
    return true;
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
    this.removeMetricSources.splice(0).forEach((remove) => remove());
    await this.client.close();
  }
}
