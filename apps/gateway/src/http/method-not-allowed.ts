import { HttpException, HttpStatus } from '@nestjs/common';
import { type NextFunction, type Request, type Response } from 'express';

/** A path the gateway answers, with the methods it answers there. */
export interface KnownPath {
  /** Express style: `/api/v1/cases/:id`. */
  path: string;
  methods: readonly string[];
}

/**
 * Answers 405 with `Allow` (RFC 9110) when the path is one the gateway serves but not with this
 * method, instead of the 404 an unmatched route would get: the client learns the resource exists
 * and which methods it takes. HEAD comes with GET, as Express answers it.
 */
export function methodNotAllowed(known: readonly KnownPath[]) {
  const matchers = known.map(({ path, methods }) => ({
    // A fixed segment wins over a parameter (`/persons/match` over `/persons/:id`), as in routing.
    parameters: path.split('/').filter((segment) => segment.startsWith(':')).length,
    pattern: new RegExp(
      `^${path
        .split('/')
        .map((segment) =>
          segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/')}/?$`,
    ),
    methods,
  }));
  return (req: Request, res: Response, next: NextFunction): void => {
    const matching = matchers.filter(({ pattern }) => pattern.test(req.path));
    const fewest = Math.min(...matching.map(({ parameters }) => parameters));
    const allowed = new Set(
      matching.filter(({ parameters }) => parameters === fewest).flatMap(({ methods }) => methods),
    );
    if (allowed.size === 0 || allowed.has(req.method)) return next();
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.has(req.method)) return next();
    const allow = [...allowed].sort().join(', ');
    res.setHeader('Allow', allow);
    next(
      new HttpException(
        `${req.method} is not a method of ${req.path}; it takes ${allow}`,
        HttpStatus.METHOD_NOT_ALLOWED,
      ),
    );
  };
}
