// What every controller kind checks about its selector and pod template, as
// upstream's ValidatePodTemplateSpecForReplicaSet and friends: the selector is
// required and not empty, it selects the template's labels, and the template is a
// valid pod spec with the restart policy the controller supports.
import type { LabelSelector, PodTemplateSpec } from '../../../../api/types.ts';
import { forbidden, invalid, notSupported, required, type FieldError } from '../../../../api/status.ts';
import { matchesLabels } from '../../../../api/labels.ts';
import { validateLabels } from '../../../../api/validation.ts';
import { goStringMap, invalidRendered } from './govalue.ts';
import { validatePodSpec } from './podspec-validation.ts';

export interface TemplateRules {
  /** Restart policies the controller accepts (upstream lists them in this order in its error). */
  restartPolicies: string[];
  /** Whether spec.activeDeadlineSeconds is refused (controllers that never finish). */
  forbidActiveDeadline: boolean;
}

export const LONG_RUNNING: TemplateRules = { restartPolicies: ['Always'], forbidActiveDeadline: true };

/** A LabelSelector that is present and selects something; `kind` words the error as upstream does. */
export function validateSelector(selector: LabelSelector | undefined, path: string, kind: string): FieldError[] {
  if (!selector) return [required(path)];
  const errs = validateLabels(selector.matchLabels, `${path}.matchLabels`);
  const empty = Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
  if (empty) errs.push(invalid(path, selector, `empty selector is invalid for ${kind}`));
  return errs;
}

export function validateTemplate(
  template: PodTemplateSpec | undefined, selector: LabelSelector | undefined, path: string, rules: TemplateRules,
): FieldError[] {
  if (!template) return [required(path)];
  const labels = template.metadata?.labels ?? {};
  const errs = validateLabels(template.metadata?.labels, `${path}.metadata.labels`);
  const selects = selector && (Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions ?? []).length > 0);
  if (selects && !selectsLabels(selector, labels)) {
    errs.push(invalidRendered(`${path}.metadata.labels`, goStringMap(labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodSpec(template.spec, `${path}.spec`));
  const policy = template.spec?.restartPolicy;
  if (policy && !rules.restartPolicies.includes(policy)) errs.push(notSupported(`${path}.spec.restartPolicy`, policy, rules.restartPolicies));
  if (rules.forbidActiveDeadline && template.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(forbidden(`${path}.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return errs;
}

/** A selector that fails to parse is reported by validateSelector, not as a mismatch. */
function selectsLabels(selector: LabelSelector, labels: Record<string, string>): boolean {
  try {
    return matchesLabels(selector, labels);
  } catch {
    return true;
  }
}

/** upstream's ValidateNonnegativeField. */
export function nonNegative(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}
