import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { HEADERS } from '@opencen/contracts';
import { LoggerModule } from 'nestjs-pino';
import pino, { type Logger, type LevelWithSilent } from 'pino';

/** The process logger's type, for services that take it as a dependency. */
export type { Logger as ServiceLogger } from 'pino';
import { currentContext } from '../context/request-context';

/**
 * Paths that may carry personal data or secrets. Logs never contain nominal data, so request
 * bodies are not logged at all and these are masked where they could appear.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  `req.headers["${HEADERS.principal}"]`,
  'principal',
  'payload',
  'data',
];

/**
 * The process logger: JSON lines with the service name and, when inside a request or event, its
 * correlation id and the caller's subject id (never the username: it may be a person's name).
 */
export function createLogger(service: string, level: LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin() {
      const context = currentContext();
      if (!context) return {};
      return {
        correlationId: context.correlationId,
        ...(context.principal ? { actor: context.principal.sub } : {}),
      };
    },
  });
}

/** Nest's logger backed by the process logger, with correlation ids on HTTP requests too. */
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: (req, res) => {
              const incoming = req.headers[HEADERS.correlationId];
              const id =
                typeof incoming === 'string' && incoming.length <= 128 ? incoming : randomUUID();
              res.setHeader(HEADERS.correlationId, id);
              return id;
            },
            customAttributeKeys: { reqId: 'correlationId' },
            serializers: {
              req: (req: { method: string; url: string }) => ({
                method: req.method,
                url: withoutQuery(req.url),
              }),
            },
            autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}

/**
 * A request URL for the logs, without its query (`/api/v1/persons?[redacted]`): searches carry
 * names, document numbers and plates there, and even a parameter's name is the client's input.
 */
export function withoutQuery(url: string): string {
  const start = url.indexOf('?');
  return start < 0 ? url : `${url.slice(0, start)}?[redacted]`;
}
