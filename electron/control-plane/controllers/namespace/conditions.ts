// The conditions a terminating namespace reports about its teardown, with upstream's
// types, reasons and messages (pkg/controller/namespace/deletion/status_condition_utils.go).
import type { NamespaceCondition } from '../../../../api/types.ts';

/** What one pass over the namespace's content found. */
export interface ContentReport {
  /** "resource.group" → objects still there. */
  remaining: Map<string, number>;
  /** finalizer → objects still carrying it. */
  finalizers: Map<string, number>;
  /** Failed deletes and lists, one line each. */
  failures: string[];
}

const summary = (counts: Map<string, number>, noun: string) =>
  [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => `${name} has ${n} ${noun}`).join(', ');

export function deletionConditions(report: ContentReport, now: string): NamespaceCondition[] {
  const condition = (type: string, failing: boolean, reason: [string, string], message: [string, string]): NamespaceCondition => ({
    type,
    status: failing ? 'True' : 'False',
    reason: failing ? reason[0] : reason[1],
    message: failing ? message[0] : message[1],
    lastTransitionTime: now,
  });
  const { remaining, finalizers, failures } = report;
  const finalizerSummary = [...finalizers].sort(([a], [b]) => a.localeCompare(b)).map(([f, n]) => `${f} in ${n} resource instances`).join(', ');
  return [
    condition('NamespaceDeletionDiscoveryFailure', false, ['DiscoveryFailed', 'ResourcesDiscovered'], ['', 'All resources successfully discovered']),
    condition('NamespaceDeletionGroupVersionParsingFailure', false, ['GroupVersionParsingFailed', 'ParsedGroupVersions'], ['', 'All legacy kube types successfully parsed']),
    condition('NamespaceDeletionContentFailure', failures.length > 0, ['ContentDeletionFailed', 'ContentDeleted'],
      [`Failed to delete all resource types, ${failures.length} remaining: ${failures.join(', ')}`, 'All content successfully deleted, may be waiting on finalization']),
    condition('NamespaceContentRemaining', remaining.size > 0, ['SomeResourcesRemain', 'ContentRemoved'],
      [`Some resources are remaining: ${summary(remaining, 'resource instances')}`, 'All content successfully removed']),
    condition('NamespaceFinalizersRemaining', finalizers.size > 0, ['SomeFinalizersRemain', 'ContentHasNoFinalizers'],
      [`Some content in the namespace has finalizers remaining: ${finalizerSummary}`, 'All content-preserving finalizers finished']),
  ];
}

/** The new conditions, keeping the old lastTransitionTime of each whose status did not change. */
export function mergeConditions(old: NamespaceCondition[], next: NamespaceCondition[]): NamespaceCondition[] {
  const others = old.filter((c) => !next.some((n) => n.type === c.type));
  return [...others, ...next.map((n) => {
    const prior = old.find((c) => c.type === n.type);
    return prior && prior.status === n.status ? { ...n, lastTransitionTime: prior.lastTransitionTime } : n;
  })];
}
