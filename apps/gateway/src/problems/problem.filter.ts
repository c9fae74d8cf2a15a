import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Inject,
} from '@nestjs/common';
import { KIT_LOGGER, ServiceError } from '@opencen/nest-kit';
import { ThrottlerException } from '@nestjs/throttler';
import { type Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { type Logger } from 'pino';
import { type GatewayRequest, correlationIdOf, requestPath } from '../http/gateway-request';
import {
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type ProblemContext,
  codeOfHttpStatus,
  problemFromHttpStatus,
  problemFromServiceError,
} from './problem';

/**
 * Turns every error of an HTTP request into an RFC 9457 problem document: errors of services
 * (their envelope, as a ServiceError), the gateway's own checks, rate limiting, unknown routes and
 * what Express itself refuses (malformed JSON, a body too large). Anything else is a bug: logged
 * with the correlation id, answered with an opaque 500.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(KIT_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<GatewayRequest>();
    const res = http.getResponse<Response>();
    const context: ProblemContext = {
      instance: requestPath(req),
      correlationId: correlationIdOf(req, res),
    };
    const problem = toProblem(exception, context);
    this.log(exception, problem, req);
    if (res.headersSent) {
      // Too late for a problem document: end the response so the client sees it fail.
      res.end();
      return;
    }
    if (problem.status === 401) {
      const presented = typeof req.headers.authorization === 'string';
      res.setHeader(
        'WWW-Authenticate',
        presented ? 'Bearer realm="opencen", error="invalid_token"' : 'Bearer realm="opencen"',
      );
    }
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private log(exception: unknown, problem: Problem, req: GatewayRequest): void {
    if (problem.status < 500) {
      // The access log has the status of 4xx answers, except when Express refused the request
      // (malformed JSON, body too large) before the logging middleware saw it.
      if ((req as { log?: unknown }).log === undefined) {
        this.logger.info(
          {
            correlationId: problem.correlationId,
            req: { method: req.method, url: problem.instance },
            res: { statusCode: problem.status },
          },
          'request refused before routing',
        );
      }
      return;
    }
    const fields = {
      correlationId: problem.correlationId,
      method: req.method,
      path: problem.instance,
      status: problem.status,
      code: problem.code,
    };
    if (exception instanceof ServiceError) {
      // A service error's message is safe to log by contract (no personal data).
      this.logger.warn({ ...fields, reason: exception.message }, 'Request failed downstream');
    } else {
      this.logger.error({ ...fields, err: exception }, 'Request failed in the gateway');
    }
  }
}

/** The problem document of anything thrown while handling a request. */
export function toProblem(exception: unknown, context: ProblemContext): Problem {
  if (exception instanceof ServiceError) return problemFromServiceError(exception, context);
  if (exception instanceof ThrottlerException) {
    return problemFromServiceError(
      new ServiceError(
        'RATE_LIMITED',
        'Too many requests from this user; wait for the Retry-After delay (seconds) before sending more',
      ),
      context,
    );
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = codeOfHttpStatus(status);
    const detail = httpExceptionDetail(exception);
    if (code && status < 500) {
      return problemFromServiceError(new ServiceError(code, detail), context);
    }
    return status < 500
      ? problemFromHttpStatus(status, detail, context, STATUS_CODES[status] ?? exception.name)
      : problemFromServiceError(new ServiceError('INTERNAL', detail), context);
  }
  const expressError = clientErrorOfExpress(exception);
  if (expressError) {
    const code = codeOfHttpStatus(expressError.status);
    return code
      ? problemFromServiceError(new ServiceError(code, expressError.message), context)
      : problemFromHttpStatus(expressError.status, expressError.message, context);
  }
  return problemFromServiceError(new ServiceError('INTERNAL', 'Internal error'), context);
}

function httpExceptionDetail(exception: HttpException): string {
  if (exception.getStatus() === 404 && /^Cannot [A-Z]+ /.test(exception.message)) {
    return `There is no route ${exception.message.slice('Cannot '.length)}`;
  }
  return exception.message;
}

/**
 * Errors that Express's body parser raises for the client's mistakes (http-errors with
 * `expose: true`: body too large, unsupported charset...); their messages are meant for clients.
 */
function clientErrorOfExpress(exception: unknown): { status: number; message: string } | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, expose, message } = exception as {
    status?: unknown;
    expose?: unknown;
    message?: unknown;
  };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) {
    return undefined;
  }
  return { status, message: typeof message === 'string' ? message : 'Bad request' };
}
