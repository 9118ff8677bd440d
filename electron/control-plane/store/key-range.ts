/**
 * The smallest string greater than every string that starts with `prefix`, or
 * undefined when there is none (empty prefix, or only U+FFFF code units).
 * Keys are compared by UTF-16 code unit in memory; for the BMP that order
 * matches SQLite's byte order on UTF-8, so the same bound serves both.
 */
export function prefixEnd(prefix: string): string | undefined {
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0xffff) end--;
  if (end === 0) return undefined;
  return prefix.slice(0, end - 1) + String.fromCharCode(prefix.charCodeAt(end - 1) + 1);
}
