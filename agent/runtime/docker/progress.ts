// The engine answers pulls and imports with 200 and a stream of JSON lines; a
// failure arrives as a line carrying `error`, not as an HTTP status, so it has to
// be looked for in the stream.
import type Docker from 'dockerode';

export interface ProgressLine {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** Resolves with every line once the stream ends; rejects with the engine's message on an `error` line. */
export function followProgress(docker: Docker, stream: NodeJS.ReadableStream, onLine?: (line: ProgressLine) => void): Promise<ProgressLine[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: ProgressLine[]) => {
        if (err) return reject(err);
        const failed = output.find((line) => line.error !== undefined || line.errorDetail?.message !== undefined);
        if (failed) return reject(new Error(failed.errorDetail?.message ?? failed.error));
        resolve(output);
      },
      (line: ProgressLine) => onLine?.(line),
    );
  });
}
