/**
 * The access records of reads of personal data (EU directive 2016/680, article 25). A route says
 * what it reads as data (its `audit` declaration); this file turns one answered read into an
 * `audit.access.recorded.v1` record, publishes it on the audit stream and waits until JetStream
 * has stored it. The answer is sent only then: a read the trail cannot record is refused (503).
 */
import { createHmac } from 'node:crypto';
import {
  AUDIT_RECORDS_MAX,
  type AuditAccessData,
  type AuditedRecord,
  PURPOSE_HEADER,
  auditAccessRecorded,
  buildEvent,
  purposeSchema,
} from '@opencen/contracts';
import { type AuditRecordPublisher, type RequestContext, ServiceError } from '@opencen/nest-kit';
import { type Logger } from 'pino';
import { type GatewayRequest } from '../http/gateway-request';
import { AuditTrailUnavailableError } from '../problems/problem';

/** A value of a search criterion, as the access record holds it. */
export type CriterionValue = string | number | boolean | (string | number | boolean)[];

/**
 * A criterion that identifies someone (a document, registration or plate number): recorded as
 * `hmac-sha256:<hex>` under the gateway's key, never in clear. Made with {@link identifying}.
 */
export class IdentifyingCriterion {
  constructor(readonly value: string | readonly string[]) {}
}

/** Marks a criterion as identifying (see {@link IdentifyingCriterion}); undefined stays absent. */
export function identifying(
  value: string | readonly string[] | undefined,
): IdentifyingCriterion | undefined {
  return value === undefined ? undefined : new IdentifyingCriterion(value);
}

/** The criteria of a search as a route gives them: absent ones are left out of the record. */
export type AuditCriteria = Record<string, CriterionValue | IdentifyingCriterion | undefined>;

/**
 * How a route's successful answers are recorded in the audit trail: it reads personal data.
 * `Req` is the request sent to the service (the contract's), `Rep` the reply it answered.
 */
export interface RouteAudit<Req = unknown, Rep = unknown> {
  /** `consultation` (a read, the default) or `disclosure` (an export: data leaves the system). */
  action?: 'consultation' | 'disclosure';
  /** The records the answer names (at most {@link AUDIT_RECORDS_MAX} are kept, in this order). */
  records(reply: Rep, request: Req): readonly AuditedRecord[];
  /** What was searched for; identifying values through {@link identifying}. */
  criteria?(request: Req): AuditCriteria;
  /**
   * `required`: without `OpenCEN-Purpose` the request is refused (400) and nothing is sent on (a
   * search by name or number, an export); `optional`: recorded when the client sends it.
   */
  purpose: 'required' | 'optional';
}

/** What a handler calls once it has the reply and before it answers. */
export interface AccessRecorder {
  /**
   * Publishes the access record of this answer (`status`: the one about to be sent) and resolves
   * once the audit stream has stored it; rejects with a 503 problem otherwise. A no-op on a route
   * without an `audit` declaration.
   */
  recorded(request: unknown, reply: unknown, status: number): Promise<void>;
}

/** The recorder of routes that read no personal data. */
export const NOT_AUDITED: AccessRecorder = { recorded: async () => undefined };

/** What {@link AccessAudit.recorderFor} needs of a route. */
export interface AuditedRoute {
  operationId: string;
  audit?: RouteAudit<never, never>;
}

/**
 * The gateway's side of the audit trail: checks the purpose of audited requests before anything
 * is sent, and records their answers. One instance, shared by the generic handler and the file
 * handlers.
 */
export class AccessAudit {
  constructor(
    private readonly publisher: AuditRecordPublisher,
    private readonly criteriaKey: string,
    private readonly logger: Logger,
    /** Publishes nothing, the purpose still checked: a benchmark's baseline (AUDIT_READS=skip). */
    private readonly options: { skip: boolean } = { skip: false },
  ) {
    if (options.skip) logger.warn('AUDIT_READS=skip: reads of personal data are NOT recorded');
  }

  /**
   * The recorder of one request. On an audited route it reads `OpenCEN-Purpose` first: missing
   * where the route requires it, or not valid, is a 400 naming the header, thrown before anything
   * is sent to a service.
   */
  recorderFor(route: AuditedRoute, req: GatewayRequest, caller: RequestContext): AccessRecorder {
    const audit = route.audit as RouteAudit | undefined;
    if (!audit) return NOT_AUDITED;
    const purpose = readPurpose(req, audit.purpose === 'required');
    if (this.options.skip) return NOT_AUDITED;
    return {
      recorded: (request, reply, status) =>
        this.record(route.operationId, audit, req, caller, { request, reply, status, purpose }),
    };
  }

  private async record(
    operation: string,
    audit: RouteAudit,
    req: GatewayRequest,
    caller: RequestContext,
    answer: { request: unknown; reply: unknown; status: number; purpose: string | undefined },
  ): Promise<void> {
    const principal = req.principal;
    if (!principal) throw new ServiceError('INTERNAL', `${operation} is audited but has no caller`);
    const criteria = audit.criteria ? this.criteriaOf(audit.criteria(answer.request)) : undefined;
    const data: AuditAccessData = {
      action: audit.action ?? 'consultation',
      operation,
      actor: {
        sub: principal.sub,
        username: principal.username,
        ...(principal.office ? { office: principal.office } : {}),
        roles: principal.roles,
      },
      records: distinct(audit.records(answer.reply, answer.request)).slice(0, AUDIT_RECORDS_MAX),
      ...(criteria && Object.keys(criteria).length > 0 ? { criteria } : {}),
      ...(answer.purpose ? { purpose: answer.purpose } : {}),
      client: {
        ...(req.clientId ? { clientId: req.clientId.slice(0, 200) } : {}),
        ...(req.ip ? { address: req.ip.slice(0, 100) } : {}),
      },
      status: answer.status,
    };
    const record = buildEvent(auditAccessRecorded, {
      subject: operation,
      data,
      correlationId: caller.correlationId,
      actor: principal.sub,
    });
    try {
      await this.publisher.publish(record);
    } catch (error) {
      // What failed and where, never what was read or searched for.
      this.logger.error(
        {
          correlationId: caller.correlationId,
          operation,
          recordId: record.id,
          reason: error instanceof Error ? error.message : String(error),
        },
        'The audit stream did not store an access record; the read is refused',
      );
      throw new AuditTrailUnavailableError(caller.correlationId);
    }
  }

  private criteriaOf(criteria: AuditCriteria): Record<string, CriterionValue> {
    const recorded: Record<string, CriterionValue> = {};
    for (const [name, value] of Object.entries(criteria)) {
      if (value === undefined) continue;
      if (Array.isArray(value) && value.length === 0) continue;
      recorded[name] =
        value instanceof IdentifyingCriterion
          ? typeof value.value === 'string'
            ? this.hash(value.value)
            : value.value.map((item) => this.hash(item))
          : value;
    }
    return recorded;
  }

  /** `hmac-sha256:<hex>` of the value as sent, trimmed and upper-cased (numbers are compared so). */
  private hash(value: string): string {
    const digest = createHmac('sha256', this.criteriaKey)
      .update(value.trim().toUpperCase(), 'utf8')
      .digest('hex');
    return `hmac-sha256:${digest}`;
  }
}

/**
 * The purpose the client gave in `OpenCEN-Purpose` (UTF-8 text may be percent-encoded), or
 * undefined when it gave none and none is required.
 */
export function readPurpose(req: GatewayRequest, required: boolean): string | undefined {
  const raw = req.headers[PURPOSE_HEADER.toLowerCase()];
  const header = Array.isArray(raw) ? raw.join(', ') : raw;
  if (header === undefined || header.trim() === '') {
    if (!required) return undefined;
    throw ServiceError.validation(
      `This request needs its purpose in the ${PURPOSE_HEADER} header`,
      [
        {
          path: PURPOSE_HEADER,
          reason:
            'Required: send the case number or a short text (3 to 200 characters) saying why you search or export',
          code: 'required',
        },
      ],
    );
  }
  const parsed = purposeSchema.safeParse(percentDecoded(header));
  if (!parsed.success) {
    throw ServiceError.validation(`The ${PURPOSE_HEADER} header is not valid`, [
      {
        path: PURPOSE_HEADER,
        reason: 'Send the case number or a short text of 3 to 200 characters',
        code: parsed.error.issues[0]?.code ?? 'invalid_value',
      },
    ]);
  }
  return parsed.data;
}

function percentDecoded(text: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(text)) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function distinct(records: readonly AuditedRecord[]): AuditedRecord[] {
  const seen = new Set<string>();
  const result: AuditedRecord[] = [];
  for (const record of records) {
    const key = `${record.kind}\u0000${record.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ kind: record.kind, id: record.id });
  }
  return result;
}
