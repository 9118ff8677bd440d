// Jobs: run pods to completion.
import type { Job, KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { humanDuration } from '../common/age.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf, selectorColumn, templateColumns } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { templateAndSelectorCells } from '../common/workload.ts';

const asJob = (obj: KubeObject) => obj as unknown as Job;

function hasCondition(job: Job, type: string): boolean {
  // Upstream looks at the first condition of the type only.
  return job.status?.conditions?.find((c) => c.type === type)?.status === 'True';
}

/** Complete, Failed, Terminating, Suspended, FailureTarget or Running, in upstream's order of precedence. */
function jobStatus(job: Job): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function duration(job: Job, now: Date): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(start));
}

export const jobs: ResourceDef = {
  group: 'batch',
  version: 'v1',
  resource: 'jobs',
  singular: 'job',
  kind: 'Job',
  namespaced: true,
  categories: ['all'],
  definition: 'io.k8s.api.batch.v1.Job',
  status: true,
  generation: true,

  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,

  columns: [
    nameColumn,
    column('Status', 'Status of the job.'),
    column('Completions', 'The number of pods which reached phase Succeeded.'),
    column('Duration', 'Time required to complete the job.'),
    ageColumn,
    ...templateColumns,
    selectorColumn('A label query over pods that should match the pod count.'),
  ],
  row(obj, now) {
    const job = asJob(obj);
    return [
      nameOf(job.metadata),
      jobStatus(job),
      completions(job),
      duration(job, now),
      ageOf(job.metadata, now),
      ...templateAndSelectorCells(job.spec?.template, job.spec?.selector),
    ];
  },
  fields: (obj) => ({ 'status.successful': String(asJob(obj).status?.succeeded ?? 0) }),
};
