/** An RFC 9457 problem document of the gateway, as an error the screens can show. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly { path: string; reason: string }[] = [],
    readonly code?: string,
    readonly correlationId?: string,
  ) {
    super(detail || title);
  }

  /**
   * The problem's field errors by the form's field path: `prefix` (e.g. `draft.`, the body's
   * wrapper) is taken off, so `draft.items.0.unit` lands on the form's `items.0.unit`.
   */
  fieldErrors(prefix = ''): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const { path, reason } of this.errors) {
      const field = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
      byField[field] ??= reason;
    }
    return byField;
  }
}

/** Reads a failed response as an {@link ApiProblem}, problem+json or not. */
export async function problemOf(response: Response): Promise<ApiProblem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body = (await response.json().catch(() => ({}))) as {
      title?: string;
      detail?: string;
      errors?: { path: string; reason: string }[];
      code?: string;
      correlationId?: string;
    };
    return new ApiProblem(
      response.status,
      body.title ?? response.statusText,
      body.detail ?? '',
      body.errors ?? [],
      body.code,
      body.correlationId,
    );
  }
  return new ApiProblem(response.status, response.statusText, await response.text());
}
