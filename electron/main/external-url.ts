// Which links the app hands to the system: web pages and mail only, never
// file:, javascript: or custom schemes that could start other programs.
const EXTERNAL_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);

export function isExternalUrl(url: string): boolean {
  try {
    return EXTERNAL_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}
