// JobSpec defaults and validation, shared by Jobs and CronJobs' job templates.
import type { JobSpec } from '../../../../api/types.ts';
import { invalid, notSupported, required, type FieldError } from '../../../../api/status.ts';
import { defaultPodTemplate } from './podspec-defaults.ts';
import { nonNegative, validateTemplate, type TemplateRules } from './podtemplate.ts';

const RUN_TO_COMPLETION: TemplateRules = { restartPolicies: ['OnFailure', 'Never'], forbidActiveDeadline: false };
const COMPLETION_MODES = ['Indexed', 'NonIndexed'];

export function defaultJobSpec(spec: JobSpec): void {
  // A job with neither set runs one pod to one completion.
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.manualSelector ??= false;
  // With a pod failure policy, replacements wait until the old pod has fully failed.
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultPodTemplate(spec.template);
}

export function validateJobSpec(spec: JobSpec | undefined, path: string): FieldError[] {
  const errs = [
    ...nonNegative(spec?.parallelism, `${path}.parallelism`),
    ...nonNegative(spec?.completions, `${path}.completions`),
    ...nonNegative(spec?.backoffLimit, `${path}.backoffLimit`),
    ...nonNegative(spec?.ttlSecondsAfterFinished, `${path}.ttlSecondsAfterFinished`),
    ...validateTemplate(spec?.template, spec?.selector, `${path}.template`, RUN_TO_COMPLETION),
  ];
  const deadline = spec?.activeDeadlineSeconds;
  if (deadline !== undefined && deadline <= 0) errs.push(invalid(`${path}.activeDeadlineSeconds`, deadline, 'must be greater than or equal to 1'));
  const mode = spec?.completionMode;
  if (mode && !COMPLETION_MODES.includes(mode)) errs.push(notSupported(`${path}.completionMode`, mode, COMPLETION_MODES));
  if (mode === 'Indexed' && spec?.completions === undefined) errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  return errs;
}
