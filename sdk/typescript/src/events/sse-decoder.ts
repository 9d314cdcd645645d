const LF = 10;
const CR = 13;

/** One Server-Sent Events frame. */
export interface SseFrame {
  /** The `id` field of this frame, if it had one (unlike EventSource, an id is not carried to later frames). */
  id: string | undefined;
  /** The `event` field, `message` when absent. */
  event: string;
  /** The `data` lines joined by `\n`. */
  data: string;
}

/**
 * Decodes a `text/event-stream` body as it arrives (the WHATWG parsing rules): lines end with CRLF, LF or
 * CR; `:` starts a comment (the server's keep-alive); a field's value loses one leading space; `data` lines
 * join with `\n`; a blank line ends a frame, which is dispatched when it had data. Feed it text with
 * {@link push}; call {@link end} when the body ends.
 */
export class SseDecoder {
  // The start of a line whose end has not arrived yet, in pieces (a long data line spans many reads).
  private pending: string[] = [];
  private id: string | undefined;
  private event = '';
  private data: string[] = [];
  private afterCr = false;

  /** Decodes a piece of the body; returns the frames it completed. */
  push(text: string): SseFrame[] {
    const frames: SseFrame[] = [];
    let lineStart = 0;
    if (this.afterCr) {
      this.afterCr = false;
      if (text.startsWith('\n')) {
        // The CR that ended the last line was the first half of a CRLF split across two pieces.
        lineStart = 1;
      }
    }

    for (let position = lineStart; position < text.length; position++) {
      const code = text.charCodeAt(position);
      if (code !== LF && code !== CR) {
        continue;
      }

      this.pending.push(text.slice(lineStart, position));
      this.line(this.pending.join(''), frames);
      this.pending = [];
      if (code === CR) {
        if (position + 1 === text.length) {
          this.afterCr = true;
        } else if (text.charCodeAt(position + 1) === LF) {
          position++;
        }
      }

      lineStart = position + 1;
    }

    if (lineStart < text.length) {
      this.pending.push(text.slice(lineStart));
    }

    return frames;
  }

  /** The body ended: a frame it left unfinished (no blank line after it) is dropped, as EventSource does. */
  end(): void {
    this.pending = [];
    this.afterCr = false;
    this.reset();
  }

  private line(line: string, frames: SseFrame[]): void {
    if (line === '') {
      if (this.data.length > 0) {
        frames.push({ id: this.id, event: this.event === '' ? 'message' : this.event, data: this.data.join('\n') });
      }

      this.reset();
      return;
    }

    if (line.startsWith(':')) {
      return;
    }

    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }

    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.id = value;
        }

        break;
      default:
        // `retry` and unknown fields: nothing this client uses.
        break;
    }
  }

  private reset(): void {
    this.id = undefined;
    this.event = '';
    this.data = [];
  }
}
