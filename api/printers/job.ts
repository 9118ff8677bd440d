// A Job's STATUS, COMPLETIONS and DURATION cells as `kubectl get jobs` prints
// them (upstream's printJob); shared by the server's Table output and the dashboard.
import type { Job } from '../types.ts';
import { humanDuration } from '../meta.ts';

function hasCondition(job: Job, type: string): boolean {
  // Upstream looks at the first condition of the type only.
  return job.status?.conditions?.find((c) => c.type === type)?.status === 'True';
}

/** Complete, Failed, Terminating, Suspended, FailureTarget or Running, in upstream's order of precedence. */
export function jobStatus(job: Job): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

export function jobDuration(job: Job, now: Date | number): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : new Date(now).getTime();
  return humanDuration(end - Date.parse(start));
}
