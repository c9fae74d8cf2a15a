import { NatsContext } from '@nestjs/microservices';
import { buildEvent, defineEvent, defineRequest } from '@opencen/contracts';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { headers as natsHeaders } from 'nats';
import { z } from 'zod';
import { toOutboxEntries } from '../jetstream/outbox';
import { HandleRequest } from '../nats/handle-request';
import {
  SpanKind,
  TRACEPARENT_HEADER,
  contextOfTraceparent,
  currentTraceparent,
  extractTraceContext,
  inSpan,
  injectTraceContext,
} from './tracing';

const getThing = defineRequest({
  service: 'cases',
  aggregate: 'tracedthing',
  verb: 'get',
  description: 'Gets a thing (tracing spec).',
  request: z.strictObject({ id: z.string() }),
  reply: z.object({ id: z.string() }),
});

const thingSeen = defineEvent({
  service: 'cases',
  aggregate: 'tracedthing',
  verb: 'seen',
  version: 1,
  description: 'A thing was seen (tracing spec).',
  data: z.object({ id: z.string() }),
});

class ThingsController {
  @HandleRequest(getThing)
  async get(request: { id: string }): Promise<{ id: string }> {
    return { id: request.id };
  }
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('trace context', () => {
  it('is not written anywhere while tracing is off', async () => {
    await inSpan('off', { kind: SpanKind.INTERNAL }, async () => {
      expect(injectTraceContext(natsHeaders()).keys()).toEqual([]);
      expect(currentTraceparent()).toBeUndefined();
    });
  });

  describe('with tracing on', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    beforeAll(() => provider.register());
    afterEach(() => exporter.reset());
    afterAll(() => provider.shutdown());

    it('travels in NATS headers: the receiver continues the sender trace', async () => {
      let sent = '';
      await inSpan('cases.case.get send', { kind: SpanKind.CLIENT }, async (span) => {
        const headers = injectTraceContext(natsHeaders());
        sent = headers.get(TRACEPARENT_HEADER);
        const [, traceId, spanId] = TRACEPARENT.exec(sent)!;
        expect(traceId).toBe(span.spanContext().traceId);
        expect(spanId).toBe(span.spanContext().spanId);
      });
      const received = natsHeaders();
      received.set(TRACEPARENT_HEADER, sent);
      await inSpan(
        'cases.case.get process',
        { kind: SpanKind.SERVER, parent: extractTraceContext(received) },
        async () => undefined,
      );
      const [client, server] = exporter.getFinishedSpans();
      expect(server!.spanContext().traceId).toBe(client!.spanContext().traceId);
      expect(server!.parentSpanContext?.spanId).toBe(client!.spanContext().spanId);
    });

    it('makes a request handler a server span of the caller trace', async () => {
      const headers = natsHeaders();
      headers.set(TRACEPARENT_HEADER, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
      const get = new ThingsController().get as unknown as (
        payload: unknown,
        nats: NatsContext,
      ) => Promise<unknown>;
      await get({ id: 'a' }, new NatsContext(['cases.tracedthing.get', headers]));
      const [span] = exporter.getFinishedSpans();
      expect(span!.name).toBe('cases.tracedthing.get process');
      expect(span!.kind).toBe(SpanKind.SERVER);
      expect(span!.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
      expect(span!.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    });

    it('is kept with the events of a change, for the relay to continue later', async () => {
      const event = buildEvent(thingSeen, {
        id: '5f0c1e8a-2b5e-4c2f-9a41-7d3c2b1a0e9f',
        subject: 't-1',
        data: { id: 't-1' },
        correlationId: 'corr-1',
        actor: 'system',
      } as never);
      let traceId = '';
      const [entry] = await inSpan('create', { kind: SpanKind.SERVER }, async (span) => {
        traceId = span.spanContext().traceId;
        return toOutboxEntries([event]);
      });
      expect(entry!.traceparent).toMatch(TRACEPARENT);
      await inSpan(
        'publish',
        { kind: SpanKind.PRODUCER, parent: contextOfTraceparent(entry!.traceparent) },
        async () => undefined,
      );
      const publish = exporter.getFinishedSpans().find((span) => span.name === 'publish');
      expect(publish!.spanContext().traceId).toBe(traceId);
    });
  });
});
