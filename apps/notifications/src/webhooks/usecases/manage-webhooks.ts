import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type WebhookFormat,
  buildEvent,
  type createWebhook,
  notificationsWebhooksConsumer,
  type getWebhook,
  type listWebhooks,
  type rotateWebhookSecret,
  type updateWebhook,
  webhookCreated,
  webhookSecretRotated,
  webhookUpdated,
} from '@opencen/contracts';
import {
  Clock,
  IdGenerator,
  type RequestContext,
  ServiceError,
  assertVersion,
} from '@opencen/nest-kit';

import { newSecret } from '../domain/signature';
import { type RuleProblem, endpointProblem, eventTypeProblems } from '../domain/webhook-rules';
import {
  type StoredSubscription,
  type SubscriptionChanges,
  SubscriptionDirectory,
  WebhookOptions,
  WebhookSubscriptions,
} from './ports';
import { subscriptionEventData, toWebhook } from './to-webhook';
import { managed, mayManage, webhookManager } from './webhook-access';

/**
 * The event types a subscription may name: every event of the domain stream but the notifications
 * service's own (inbox contents, and the webhooks' own, which would deliver deliveries).
 */
export const SUBSCRIBABLE_EVENT_TYPES: ReadonlySet<string> = new Set(
  notificationsWebhooksConsumer.events.map((contract) => contract.type),
);

type Command<C> = C & { readonly context: RequestContext };

function refuse(problems: readonly (RuleProblem | null)[]): void {
  const found = problems.filter((problem): problem is RuleProblem => problem !== null);
  if (found.length > 0) {
    throw ServiceError.validation(
      `The webhook is not valid: ${found.map((p) => `${p.path}: ${p.reason}`).join('; ')}`,
      found.map((problem) => ({ ...problem })),
    );
  }
}

/**
 * A subscription id, `wh_` and 22 url-safe characters, from an id of the kit's IdGenerator: a run
 * repeating a crashed one of the same Idempotency-Key request gets the same id.
 */
function webhookIdFrom(id: string): string {
  return `wh_${createHash('sha256').update(id).digest().subarray(0, 16).toString('base64url')}`;
}

/**
 * Creating, reading, changing and rotating the secret of subscriptions. Each write is versioned,
 * with its event; the directory of this replica is refreshed at once (the others on the event).
 */
@Injectable()
export class ManageWebhooks {
  constructor(
    private readonly subscriptions: WebhookSubscriptions,
    private readonly directory: SubscriptionDirectory,
    private readonly options: WebhookOptions,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async create(
    command: Command<HandlerRequestOf<typeof createWebhook>>,
  ): Promise<HandlerReplyOf<typeof createWebhook>> {
    const principal = webhookManager(command.context);
    this.check(command.url, command.eventTypes, command.format);
    const id = webhookIdFrom(this.ids.next());
    if (this.ids.repeatsEarlierRun()) {
      // The first run of this Idempotency-Key request may have stored it (and its event) before
      // it died: answer that subscription and its secret, which no one has received yet.
      const stored = await this.subscriptions.get(id);
      if (stored) {
        await this.directory.refresh();
        return { subscription: toWebhook(stored), secret: stored.secret };
      }
    }
    const now = this.clock.now();
    const secret = newSecret();
    const subscription: StoredSubscription = {
      id,
      owner: principal.sub,
      url: command.url,
      eventTypes: [...command.eventTypes],
      filters: command.filters,
      format: command.format,
      ...(command.description ? { description: command.description } : {}),
      status: 'active',
      consecutiveFailures: 0,
      secret,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const event = buildEvent(webhookCreated, {
      subject: subscription.id,
      data: subscriptionEventData(subscription),
      correlationId: command.context.correlationId,
      actor: principal.sub,
      time: now,
    });
    await this.subscriptions.insert(subscription, event);
    await this.directory.refresh();
    return { subscription: toWebhook(subscription), secret };
  }

  async list(command: {
    readonly context: RequestContext;
  }): Promise<HandlerReplyOf<typeof listWebhooks>> {
    const principal = webhookManager(command.context);
    const all = await this.subscriptions.all();
    const mine = all
      .filter((subscription) => mayManage(principal, subscription))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
    return { items: mine.map(toWebhook) };
  }

  async get(
    command: Command<HandlerRequestOf<typeof getWebhook>>,
  ): Promise<HandlerReplyOf<typeof getWebhook>> {
    const principal = webhookManager(command.context);
    return toWebhook(managed(principal, await this.subscriptions.get(command.id), command.id));
  }

  async update(
    command: Command<HandlerRequestOf<typeof updateWebhook>>,
  ): Promise<HandlerReplyOf<typeof updateWebhook>> {
    const principal = webhookManager(command.context);
    const current = managed(principal, await this.subscriptions.get(command.id), command.id);
    assertVersion('Webhook', current, command.version);
    this.check(
      command.url ?? current.url,
      command.eventTypes ?? current.eventTypes,
      current.format,
      command.url === undefined,
    );
    const now = this.clock.now();
    const changes: SubscriptionChanges = {
      ...(command.url !== undefined ? { url: command.url } : {}),
      ...(command.eventTypes !== undefined ? { eventTypes: [...command.eventTypes] } : {}),
      ...(command.filters !== undefined ? { filters: command.filters } : {}),
      ...(command.description !== undefined ? { description: command.description } : {}),
      ...(command.active === true ? { status: 'active', consecutiveFailures: 0 } : {}),
      ...(command.active === false ? { status: 'disabled', disabledReason: 'owner' } : {}),
      updatedAt: now,
    };
    const next = { ...current, ...changes, version: current.version + 1 };
    const event = buildEvent(webhookUpdated, {
      subject: current.id,
      data: subscriptionEventData(next),
      correlationId: command.context.correlationId,
      actor: principal.sub,
      time: now,
    });
    await this.subscriptions.update(
      current.id,
      current.version,
      changes,
      [event],
      command.active === true ? ['disabledReason'] : [],
    );
    await this.directory.refresh();
    const { disabledReason: _reason, ...rest } = next;
    return toWebhook(command.active === true ? rest : next);
  }

  async rotateSecret(
    command: Command<HandlerRequestOf<typeof rotateWebhookSecret>>,
  ): Promise<HandlerReplyOf<typeof rotateWebhookSecret>> {
    const principal = webhookManager(command.context);
    const current = managed(principal, await this.subscriptions.get(command.id), command.id);
    const now = this.clock.now();
    const secret = newSecret();
    const previousSecretUntil = new Date(now.getTime() + command.overlapSeconds * 1000);
    const changes: SubscriptionChanges = {
      secret,
      previousSecret: current.secret,
      previousSecretUntil,
      updatedAt: now,
    };
    const next = { ...current, ...changes, version: current.version + 1 };
    const event = buildEvent(webhookSecretRotated, {
      subject: current.id,
      data: {
        ...subscriptionEventData(next),
        previousSecretUntil: previousSecretUntil.toISOString(),
      },
      correlationId: command.context.correlationId,
      actor: principal.sub,
      time: now,
    });
    await this.subscriptions.update(current.id, current.version, changes, [event]);
    await this.directory.refresh();
    return { subscription: toWebhook(next), secret };
  }

  /** Refuses an endpoint or event types the deployment does not take (400 naming the field). */
  private check(
    url: string,
    eventTypes: readonly string[],
    format: WebhookFormat,
    urlUnchanged = false,
  ): void {
    refuse([
      urlUnchanged ? null : endpointProblem(url, this.options.allowHttp),
      ...eventTypeProblems(eventTypes, SUBSCRIBABLE_EVENT_TYPES, format),
    ]);
  }
}
