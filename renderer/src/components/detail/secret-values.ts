// Secret and ConfigMap binary values arrive base64-encoded; the detail page shows
// text as text and anything else only by its size.

/** Decoded size of a base64 string, without decoding it. */
export function base64Size(value: string): number {
  const clean = value.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

/** The value as UTF-8 text when it is text (no control bytes but tab/newline), otherwise its size. */
export function decodeSecretValue(value: string): { text?: string; bytes: number } {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(value.replace(/\s/g, '')), (c) => c.charCodeAt(0));
  } catch {
    return { bytes: base64Size(value) };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex
    if (!/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return { text, bytes: bytes.length };
  } catch {
    // not UTF-8: binary
  }
  return { bytes: bytes.length };
}
