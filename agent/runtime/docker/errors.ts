// dockerode rejects with the engine's HTTP status on the error; these name the ones
// the driver treats as an answer rather than a failure.

export function statusCode(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
}

export function isNotFound(err: unknown): boolean {
  return statusCode(err) === 404;
}

/** The engine's own words (`json.message`) rather than dockerode's "(HTTP code 404) no such container - …" wrapper. */
export function engineMessage(err: unknown): string {
  const e = err as { json?: { message?: string } | null; message?: string } | null;
  return e?.json?.message ?? e?.message ?? String(err);
}
