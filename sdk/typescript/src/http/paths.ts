/** One path segment (an id, a name), encoded; an empty or non-string value is the caller's mistake. */
export function segment(value: string | number, what: string): string {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return String(value);
  }

  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${what} must be a non-empty string`);
  }

  return encodeURIComponent(value);
}

/** A relative file path (`src/app.ts`): each segment encoded, the slashes kept. */
export function filePath(value: string, what = 'path'): string {
  if (typeof value !== 'string') {
    throw new TypeError(`${what} must be a string`);
  }

  const trimmed = value.replace(/^\/+/, '');
  if (trimmed === '') {
    throw new TypeError(`${what} must name a file`);
  }

  return trimmed.split('/').map(encodeURIComponent).join('/');
}
