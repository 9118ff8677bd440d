// What a Pod update may change (upstream's ValidatePodUpdate): images, a shorter
// activeDeadlineSeconds, added tolerations, and a negative grace period raised to 1.
import type { Pod, PodSpec } from '../../../../api/types.ts';
import { forbidden, invalid, type FieldError } from '../../../../api/status.ts';
import { isEqual } from '../common/equal.ts';

const UPDATABLE = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
].join(',');

/** The new spec with every field it may change taken from the old one, so only forbidden changes remain. */
function munged(spec: PodSpec, old: PodSpec): PodSpec {
  const withImages = (list: PodSpec['containers'] | undefined, oldList: PodSpec['containers'] | undefined) =>
    list?.map((c, i) => (oldList?.[i] ? { ...c, image: oldList[i]!.image } : c));
  const oldTolerations = old.tolerations ?? [];
  const keepsOld = oldTolerations.every((t) => (spec.tolerations ?? []).some((n) => isEqual(n, t)));
  const graceRaised = (old.terminationGracePeriodSeconds ?? 0) < 0 && spec.terminationGracePeriodSeconds === 1;
  return {
    ...spec,
    containers: withImages(spec.containers, old.containers) ?? [],
    initContainers: withImages(spec.initContainers, old.initContainers),
    activeDeadlineSeconds: old.activeDeadlineSeconds,
    tolerations: keepsOld ? old.tolerations : spec.tolerations,
    terminationGracePeriodSeconds: graceRaised ? old.terminationGracePeriodSeconds : spec.terminationGracePeriodSeconds,
  };
}

/** Names of the spec fields that differ, as a short stand-in for upstream's cmp.Diff. */
function changedFields(a: PodSpec, b: PodSpec): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof PodSpec>;
  return [...keys].filter((k) => !isEqual(a[k], b[k])).sort();
}

export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const spec = pod.spec ?? { containers: [] };
  const before = old.spec ?? { containers: [] };
  const errs: FieldError[] = [];
  const oldDeadline = before.activeDeadlineSeconds;
  if (oldDeadline !== undefined) {
    if (spec.activeDeadlineSeconds === undefined) errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
    else if (spec.activeDeadlineSeconds > oldDeadline) errs.push(invalid('spec.activeDeadlineSeconds', spec.activeDeadlineSeconds, 'must be less than or equal to previous value'));
  }
  const after = munged(spec, before);
  if (!isEqual(after, before)) {
    const diff = changedFields(after, before).map((k) => `  spec.${k}`).join('\n');
    errs.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE}\n${diff}`));
  }
  return errs;
}
