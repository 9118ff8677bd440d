// A watch response: newline-delimited JSON events, parsed as lines complete.
import type { IncomingMessage } from 'node:http';
import { StatusError } from '../api/status.ts';
import type { KubeObject } from '../api/types.ts';
import { statusErrorOf } from './status.ts';
import type { ClientWatchEvent } from './types.ts';

export interface WatchStream {
  /** Ends the stream without calling onClose. */
  stop(): void;
}

/**
 * Delivers each complete line as an event. An ERROR event ends the stream with its
 * Status; the connection ending or failing ends it without one.
 */
export function readWatchStream<T extends KubeObject>(
  res: IncomingMessage,
  onEvent: (event: ClientWatchEvent<T>) => void,
  close: (error?: StatusError) => void,
): WatchStream {
  let pending = '';
  let done = false;
  const finish = (error?: StatusError): void => {
    if (done) return;
    done = true;
    res.destroy();
    close(error);
  };
  // utf8 decoding in the stream keeps characters split across chunks whole.
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    pending += chunk;
    let start = 0;
    let end: number;
    while (!done && (end = pending.indexOf('\n', start)) !== -1) {
      const line = pending.slice(start, end);
      start = end + 1;
      if (line.length === 0) continue;
      let event: ClientWatchEvent<T>;
      try {
        event = JSON.parse(line) as ClientWatchEvent<T>;
      } catch {
        finish(new StatusError(500, 'InternalError', `malformed watch event: ${line.slice(0, 200)}`));
        break;
      }
      if (event.type === 'ERROR') finish(statusErrorOf(event.object as object, 500));
      else onEvent(event);
    }
    pending = start === 0 ? pending : pending.slice(start);
  });
  res.on('end', () => finish());
  res.on('error', () => finish());
  res.on('close', () => finish());
  return {
    stop() {
      if (done) return;
      done = true;
      res.destroy();
    },
  };
}
