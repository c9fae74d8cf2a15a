import {
  type Attributes,
  type Context,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapSetter,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { type MsgHdrs } from 'nats';

export { SpanKind } from '@opentelemetry/api';

/** The W3C trace-context header, carried on NATS requests and events like on HTTP. */
export const TRACEPARENT_HEADER = 'traceparent';

let provider: NodeTracerProvider | undefined;

/**
 * Turns tracing on for the process when an OTLP endpoint is configured: spans are batched and
 * exported by OTLP/HTTP (JSON) to `<endpoint>/v1/traces`, and the W3C propagator and the
 * AsyncLocalStorage context manager are registered. Without an endpoint nothing is registered:
 * the OpenTelemetry API stays a no-op (no span is kept, no header written). Idempotent: the
 * in-process test harness starts several services in one process, which then share it.
 */
export function initTracing(service: string, endpoint: string | undefined): void {
  if (!endpoint || provider) return;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
      ),
    ],
  });
  provider.register();
}

/** Exports the spans still batched; an app calls it when it closes. */
export async function flushTraces(): Promise<void> {
  await provider?.forceFlush();
}

const tracer = () => trace.getTracer('@opencen/nest-kit');

const natsHeaderSetter: TextMapSetter<MsgHdrs> = {
  set: (headers, key, value) => headers.set(key, value),
};

const natsHeaderGetter: TextMapGetter<MsgHdrs | undefined> = {
  get: (headers, key) => headers?.get(key) || undefined,
  keys: (headers) => (headers ? headers.keys() : []),
};

/** Writes the trace context of `from` (the active one by default) into NATS headers. */
export function injectTraceContext(headers: MsgHdrs, from: Context = context.active()): MsgHdrs {
  propagation.inject(from, headers, natsHeaderSetter);
  return headers;
}

/** The trace context an incoming NATS message carries (the root context when it has none). */
export function extractTraceContext(headers: MsgHdrs | undefined): Context {
  return propagation.extract(context.active(), headers, natsHeaderGetter);
}

/**
 * The active trace context as a `traceparent` value, to keep beside work that leaves this
 * process later (an event waiting in the outbox); undefined when tracing is off.
 */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier[TRACEPARENT_HEADER];
}

/** The context a stored `traceparent` names, to continue its trace. */
export function contextOfTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return context.active();
  return propagation.extract(context.active(), { [TRACEPARENT_HEADER]: traceparent });
}

/**
 * Runs `work` in a new span, child of `parent` (the active context by default), ended when the
 * work settles; a thrown error marks the span as failed. `work` may set more attributes or the
 * outcome on the span it is given.
 */
export function inSpan<T>(
  name: string,
  options: { kind: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind, attributes: options.attributes },
    parent,
  );
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Starts a span the caller ends (an HTTP request, ended when its response is sent). */
export function startSpan(
  name: string,
  options: { kind: SpanKind; attributes?: Attributes; parent?: Context },
): { span: Span; context: Context } {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind, attributes: options.attributes },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `work` with `traceContext` active (spans started inside are its children). */
export function withTraceContext<T>(traceContext: Context, work: () => T): T {
  return context.with(traceContext, work);
}

function errorMessage(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  // The code of a ServiceError, never its message: messages may quote the caller's input.
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'error';
}
