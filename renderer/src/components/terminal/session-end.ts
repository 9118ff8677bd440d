import type { SessionEnd } from '../../api/exec-channel.ts';

/** The line a terminal shows when its session is over. */
export function endMessage(end: SessionEnd): string {
  if (end.exitCode !== undefined) return `Session ended (exit code ${end.exitCode})`;
  return `Session ended: ${end.message ?? 'unknown reason'}`;
}
