// CronJobs: create Jobs on a schedule.
import type { CronJob, KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { since } from '../common/age.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf, selectorColumn, templateColumns } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { templateAndSelectorCells } from '../common/workload.ts';
import { defaultJobSpec, validateJobSpec } from '../common/jobspec.ts';
import { nonNegative } from '../common/podtemplate.ts';
import { invalid, notSupported, required, type FieldError } from '../../../../api/status.ts';

const asCronJob = (obj: KubeObject) => obj as unknown as CronJob;

const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const CRON_FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?(,(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?)*$/;

/** What robfig/cron's standard parser (upstream's) would reject, in its words. */
function scheduleError(schedule: string): string | undefined {
  if (/^(CRON_)?TZ=/.test(schedule)) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  if (schedule.startsWith('@')) {
    if (DESCRIPTORS.includes(schedule) || /^@every \S+$/.test(schedule)) return undefined;
    return `unrecognized descriptor: ${schedule}`;
  }
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  const bad = fields.find((f) => !CRON_FIELD.test(f));
  return bad === undefined ? undefined : `failed to parse int from ${bad}: strconv.Atoi: parsing ${JSON.stringify(bad)}: invalid syntax`;
}

function validateCronJob(obj: KubeObject): FieldError[] {
  const spec = asCronJob(obj).spec;
  const errs: FieldError[] = [];
  if (!spec?.schedule) errs.push(required('spec.schedule'));
  else {
    const problem = scheduleError(spec.schedule);
    if (problem) errs.push(invalid('spec.schedule', spec.schedule, problem));
  }
  const policy = spec?.concurrencyPolicy;
  if (policy && !CONCURRENCY_POLICIES.includes(policy)) errs.push(notSupported('spec.concurrencyPolicy', policy, CONCURRENCY_POLICIES));
  errs.push(...nonNegative(spec?.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  errs.push(...nonNegative(spec?.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...nonNegative(spec?.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  errs.push(...validateJobSpec(spec?.jobTemplate?.spec, 'spec.jobTemplate.spec'));
  return errs;
}

/** Upstream's printBoolPtr. */
function boolCell(value: boolean | undefined): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

export const cronjobs: ResourceDef = {
  group: 'batch',
  version: 'v1',
  resource: 'cronjobs',
  singular: 'cronjob',
  kind: 'CronJob',
  namespaced: true,
  shortNames: ['cj'],
  categories: ['all'],
  definition: 'io.k8s.api.batch.v1.CronJob',
  status: true,
  generation: true,

  defaults(obj) {
    const spec = asCronJob(obj).spec;
    if (!spec) return;
    spec.concurrencyPolicy ??= 'Allow';
    spec.suspend ??= false;
    spec.successfulJobsHistoryLimit ??= 3;
    spec.failedJobsHistoryLimit ??= 1;
    if (spec.jobTemplate?.spec) defaultJobSpec(spec.jobTemplate.spec);
  },
  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: validateCronJob,

  columns: [
    nameColumn,
    column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    column('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.', 'boolean'),
    column('Active', 'A list of pointers to currently running jobs.', 'integer'),
    column('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    ageColumn,
    ...templateColumns,
    selectorColumn('A label query over pods that should match the pod count.'),
  ],
  row(obj, now) {
    const cj = asCronJob(obj);
    const last = cj.status?.lastScheduleTime;
    const jobSpec = cj.spec?.jobTemplate?.spec;
    return [
      nameOf(cj.metadata),
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      boolCell(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      last ? since(last, now) : '<none>',
      ageOf(cj.metadata, now),
      ...templateAndSelectorCells(jobSpec?.template, jobSpec?.selector),
    ];
  },
};
