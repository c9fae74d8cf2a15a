/**
 * Why a case rule refused a change. The use cases turn it into the service's error envelope
 * (FORBIDDEN, CONFLICT, VALIDATION_FAILED); the domain itself knows nothing of transport.
 */
export type CaseRuleKind = 'forbidden' | 'conflict' | 'invalid';

export interface FieldProblem {
  /** Dotted path in the request, e.g. `draft.items.0.unit`. */
  path: string;
  reason: string;
  code?: string;
}

export class CaseRuleError extends Error {
  override readonly name = 'CaseRuleError';

  constructor(
    readonly kind: CaseRuleKind,
    message: string,
    readonly problems: readonly FieldProblem[] = [],
  ) {
    super(message);
  }
}
