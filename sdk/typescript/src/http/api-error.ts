import { AshApiError } from '../errors.js';

/** Reads a failed response into an {@link AshApiError}: the server's `{error, statusCode, code}`, or what it sent. */
export async function readApiError(response: Response): Promise<AshApiError> {
  const text = await response.text().catch(() => '');
  const body = parseObject(text);
  const trimmed = text.trim();
  const message =
    typeof body?.['error'] === 'string'
      ? body['error']
      : trimmed.length > 0 && trimmed.length <= 500
        ? trimmed
        : `${response.status} ${response.statusText}`.trim();
  const code = typeof body?.['code'] === 'string' ? body['code'] : `http_${response.status}`;
  return new AshApiError(response.status, code, message, parseRetryAfter(response.headers.get('retry-after')));
}

/** `Retry-After` in whole seconds: either form the header takes (seconds, or an HTTP date). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') {
    return undefined;
  }

  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }

  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
