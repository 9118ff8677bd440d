// Jobs: run pods to completion.
import type { Job, KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { jobCompletions, jobDuration, jobStatus } from '../../../../api/printers/job.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf, selectorColumn, templateColumns } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { templateAndSelectorCells } from '../common/workload.ts';
import { defaultJobSpec, validateJobSpec } from '../common/jobspec.ts';
import { immutableField } from '../common/immutable.ts';
import { validateSelector } from '../common/podtemplate.ts';
import type { FieldError } from '../../../../api/status.ts';

const asJob = (obj: KubeObject) => obj as unknown as Job;

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';

/**
 * Unless the user asked for a manual selector, the job selects its pods by its own
 * uid, and the template carries that uid and the job name (new and legacy labels).
 */
function generateSelector(job: Job): void {
  const spec = job.spec;
  if (!spec || spec.manualSelector) return;
  const uid = job.metadata?.uid ?? '';
  const name = job.metadata?.name ?? '';
  spec.selector = { matchLabels: { [CONTROLLER_UID]: uid } };
  spec.template.metadata ??= {};
  spec.template.metadata.labels = {
    ...spec.template.metadata.labels,
    'controller-uid': uid, 'job-name': name, [CONTROLLER_UID]: uid, [JOB_NAME]: name,
  };
}

function validateJobUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = asJob(obj).spec;
  const before = asJob(old).spec;
  return [
    ...immutableField(spec?.selector, before?.selector, 'spec.selector'),
    ...immutableField(spec?.completions, before?.completions, 'spec.completions'),
    ...immutableField(spec?.completionMode, before?.completionMode, 'spec.completionMode'),
    ...immutableField(spec?.template, before?.template, 'spec.template'),
  ];
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

  defaults(obj) {
    const job = asJob(obj);
    if (!job.spec) return;
    defaultJobSpec(job.spec);
    const labels = job.spec.template?.metadata?.labels;
    if (labels && Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...labels };
  },
  prepareForCreate(obj) {
    resetStatus(obj);
    generateSelector(asJob(obj));
  },
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate(obj) {
    const spec = asJob(obj).spec;
    return [...validateSelector(spec?.selector, 'spec.selector', 'job'), ...validateJobSpec(spec, 'spec')];
  },
  validateUpdate: validateJobUpdate,

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
      jobCompletions(job),
      jobDuration(job, now),
      ageOf(job.metadata, now),
      ...templateAndSelectorCells(job.spec?.template, job.spec?.selector),
    ];
  },
  fields: (obj) => ({ 'status.successful': String(asJob(obj).status?.succeeded ?? 0) }),
};
