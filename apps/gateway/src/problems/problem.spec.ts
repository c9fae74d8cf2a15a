import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ERROR_CODES } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';
import {
  HTTP_STATUS_BY_CODE,
  codeOfHttpStatus,
  preconditionRequired,
  problemFromServiceError,
} from './problem';
import { toProblem } from './problem.filter';

const context = { instance: '/api/v1/reference/countries/FR', correlationId: 'corr-1' };

describe('problem mapping', () => {
  it('gives every error code of the contracts an HTTP status', () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
    expect(HTTP_STATUS_BY_CODE).toEqual({
      VALIDATION_FAILED: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      PRECONDITION_FAILED: 412,
      IDEMPOTENCY_KEY_REUSED: 422,
      RATE_LIMITED: 429,
      INTERNAL: 500,
      UNAVAILABLE: 503,
      TIMEOUT: 504,
    });
  });

  it('turns a service error envelope into a problem document with field errors', () => {
    const error = ServiceError.fromEnvelope({
      code: 'VALIDATION_FAILED',
      message: 'The reference.entry.create request is invalid',
      details: [{ path: 'labels.en', reason: 'Required', code: 'invalid_type' }],
      correlationId: 'corr-1',
    });
    expect(problemFromServiceError(error, context)).toEqual({
      type: 'urn:opencen:problem:validation-failed',
      title: 'The request is not valid',
      status: 400,
      detail: 'The reference.entry.create request is invalid',
      instance: '/api/v1/reference/countries/FR',
      correlationId: 'corr-1',
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'labels.en', reason: 'Required' }],
    });
  });

  it('answers 428 when no precondition was given and 412 when one does not hold', () => {
    expect(problemFromServiceError(preconditionRequired('give a version'), context).status).toBe(
      428,
    );
    expect(
      problemFromServiceError(new ServiceError('PRECONDITION_FAILED', 'no'), context).status,
    ).toBe(412);
  });

  it('hides the internals of 5xx errors from the caller', () => {
    for (const code of ['INTERNAL', 'UNAVAILABLE', 'TIMEOUT'] as const) {
      const problem = problemFromServiceError(
        new ServiceError(code, 'nats://10.0.0.7:4222 refused'),
        context,
      );
      expect(problem.detail).not.toMatch(/10\.0\.0\.7/);
    }
  });

  it('maps framework errors: unknown routes, rate limits, Express refusals, bugs', () => {
    expect(toProblem(new NotFoundException('Cannot GET /nope'), context)).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      detail: 'There is no route GET /nope',
    });
    expect(toProblem(new ThrottlerException(), context)).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
    });
    expect(toProblem(new BadRequestException('Failed to decode param'), context)).toMatchObject({
      status: 400,
    });
    expect(toProblem(new PayloadTooLargeException('too big'), context)).toMatchObject({
      status: 413,
    });
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      expose: true,
    });
    expect(toProblem(tooLarge, context)).toMatchObject({
      status: 413,
      detail: 'request entity too large',
    });
    expect(toProblem(new TypeError('x is undefined'), context)).toMatchObject({
      status: 500,
      code: 'INTERNAL',
      detail: expect.not.stringMatching(/undefined/),
    });
  });

  it('reads an HTTP status back as its code', () => {
    expect(codeOfHttpStatus(409)).toBe('CONFLICT');
    expect(codeOfHttpStatus(428)).toBe('PRECONDITION_FAILED');
    expect(codeOfHttpStatus(418)).toBeUndefined();
  });
});
