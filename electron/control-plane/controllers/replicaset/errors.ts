// Branching on API failures by HTTP code (the Client rejects with StatusErrors).
import { StatusError } from '../../../../api/status.ts';

export function hasCode(err: unknown, code: number): boolean {
  return err instanceof StatusError && err.code === code;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
