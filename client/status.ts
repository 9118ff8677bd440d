// Turns what the API answered with into the StatusError callers branch on.
import { StatusError } from '../api/status.ts';
import type { ErrorDetails, StatusReason } from '../api/status.ts';

/** Upstream's reason for a code when the body carried none (a proxy's or a crash's plain-text answer). */
const REASON_BY_CODE: Record<number, StatusReason> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
  406: 'NotAcceptable', 409: 'Conflict', 410: 'Expired', 413: 'RequestEntityTooLarge', 415: 'UnsupportedMediaType',
  422: 'Invalid', 429: 'TooManyRequests', 503: 'ServiceUnavailable', 504: 'Timeout',
};

interface StatusBody {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: ErrorDetails;
}

/** From a Status object (an error answer or a watch ERROR event's object). */
export function statusErrorOf(status: StatusBody, httpCode: number): StatusError {
  const code = status.code ?? httpCode;
  const reason = (status.reason || REASON_BY_CODE[code] || 'InternalError') as StatusReason;
  return new StatusError(code, reason, status.message ?? `the server responded with code ${code}`, status.details);
}

/** From a non-2xx response body, which is a Status unless something other than the API server answered. */
export function statusErrorFromBody(text: string, httpCode: number): StatusError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return statusErrorOf({ message: text.trim() || undefined }, httpCode);
  }
  return statusErrorOf(typeof parsed === 'object' && parsed !== null ? (parsed as StatusBody) : {}, httpCode);
}

/** The API could not be reached: callers see one error type, and 503 tells them to retry. */
export function unreachable(err: Error): StatusError {
  return new StatusError(503, 'ServiceUnavailable', `API server unreachable: ${err.message}`);
}
