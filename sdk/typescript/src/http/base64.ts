/** Bytes or text (as UTF-8) in base64, as every upload route takes them. */
export function toBase64(content: Uint8Array | ArrayBuffer | string): string {
  if (typeof content === 'string') {
    return Buffer.from(content, 'utf8').toString('base64');
  }

  const bytes = content instanceof Uint8Array ? content : new Uint8Array(content);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
