import { StatusError } from '../../../../api/status.ts';

/**
 * Upstream's answer when a well-formed patch cannot be applied: a generic 422
 * whose only cause carries the patch library's own message.
 */
export function patchRejected(message: string): StatusError {
  return new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message }],
  });
}
