// resourceFieldRef values (env and downwardAPI volumes), as upstream's
// ExtractContainerResourceValue: limits that are not set read as the node's
// allocatable, and the value is divided by the divisor, rounding up.
import { milliValue, parseQuantity } from '../../api/quantity.ts';
import type { Container, Pod, ResourceFieldSelector } from '../../api/types.ts';

/** What an unset limit reads as: the node's allocatable. */
export interface NodeAllocatable {
  cpu: string;
  memory: string;
  'ephemeral-storage': string;
}

export function containerResourceValue(
  selector: ResourceFieldSelector,
  pod: Pod,
  container: Container,
  allocatable: NodeAllocatable,
): string {
  const target = selector.containerName ? [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === selector.containerName) : container;
  if (!target) throw new Error(`container ${selector.containerName} not found`);
  const [kind, name] = selector.resource.split('.') as [string, keyof NodeAllocatable];
  if ((kind !== 'limits' && kind !== 'requests') || !(name in allocatable)) throw new Error(`unsupported container resource : ${selector.resource}`);
  const limits = target.resources?.limits as Record<string, string | number> | undefined;
  const requests = target.resources?.requests as Record<string, string | number> | undefined;
  const raw = kind === 'limits' ? limits?.[name] ?? allocatable[name] : requests?.[name] ?? 0;
  const divisor = String(selector.divisor ?? '1');
  if (name === 'cpu') return String(Math.ceil(milliValue(String(raw)) / milliValue(divisor)));
  return String(Math.ceil(parseQuantity(String(raw)) / parseQuantity(divisor)));
}
