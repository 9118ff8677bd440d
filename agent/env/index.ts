// A container's environment as the kubelet builds it (makeEnvironmentVariables):
// service links, then envFrom in order, then env in order with $(VAR) expansion
// and valueFrom sources. A failure is a CreateContainerConfigError whose message
// is upstream's.
import type { Container, Pod } from '../../api/types.ts';
import { expand } from './expand.ts';
import { podFieldValue, type PodAddresses } from './fieldref.ts';
import { containerResourceValue, type NodeAllocatable } from './resourceref.ts';
import { serviceVariables, visibleServices } from './services.ts';
import { isNotFound, type ObjectSource } from './sources.ts';

export { createObjectSource, type ObjectSource } from './sources.ts';
export { expand } from './expand.ts';
export { podFieldValue, formatMap, type PodAddresses } from './fieldref.ts';
export { containerResourceValue, type NodeAllocatable } from './resourceref.ts';

/** Why a container could not be configured; the pod worker shows it as waiting reason CreateContainerConfigError. */
export class ContainerConfigError extends Error {}

export interface EnvContext {
  pod: Pod;
  container: Container;
  objects: ObjectSource;
  addresses: PodAddresses;
  allocatable: NodeAllocatable;
}

async function orMissing<T>(load: () => Promise<T>, optional: boolean): Promise<T | undefined> {
  try {
    return await load();
  } catch (err) {
    if (isNotFound(err) && optional) return undefined;
    throw new ContainerConfigError((err as Error).message);
  }
}

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

export async function buildEnvironment(ctx: EnvContext): Promise<{ name: string; value: string }[]> {
  const { pod, container, objects } = ctx;
  const namespace = pod.metadata!.namespace ?? 'default';
  const [inNamespace, inDefault] = await Promise.all([
    pod.spec?.enableServiceLinks === false ? Promise.resolve([]) : objects.services(namespace).catch(() => []),
    objects.services('default').catch(() => []),
  ]);
  const serviceEnv = serviceVariables(visibleServices(pod.spec?.enableServiceLinks !== false, inNamespace, inDefault));
  const env = new Map<string, string>();

  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = await orMissing(() => objects.configMap(namespace, from.configMapRef!.name!), from.configMapRef.optional === true);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(prefix + k, v);
    } else if (from.secretRef) {
      const secret = await orMissing(() => objects.secret(namespace, from.secretRef!.name!), from.secretRef.optional === true);
      for (const [k, v] of Object.entries(secret?.data ?? {})) env.set(prefix + k, decode(v));
    }
  }

  const lookup = (name: string) => env.get(name) ?? serviceEnv.get(name);
  for (const v of container.env ?? []) {
    let value = v.value ?? '';
    const from = v.valueFrom;
    if (value !== '') value = expand(value, lookup);
    else if (from?.fieldRef) {
      try {
        value = podFieldValue(pod, from.fieldRef.fieldPath, ctx.addresses);
      } catch (err) {
        throw new ContainerConfigError((err as Error).message);
      }
    } else if (from?.resourceFieldRef) {
      try {
        value = containerResourceValue(from.resourceFieldRef, pod, container, ctx.allocatable);
      } catch (err) {
        throw new ContainerConfigError((err as Error).message);
      }
    } else if (from?.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      const optional = ref.optional === true;
      const cm = await orMissing(() => objects.configMap(namespace, ref.name!), optional);
      if (!cm) continue;
      const found = cm.data?.[ref.key];
      if (found === undefined) {
        if (optional) continue;
        throw new ContainerConfigError(`couldn't find key ${ref.key} in ConfigMap ${namespace}/${ref.name}`);
      }
      value = found;
    } else if (from?.secretKeyRef) {
      const ref = from.secretKeyRef;
      const optional = ref.optional === true;
      const secret = await orMissing(() => objects.secret(namespace, ref.name!), optional);
      if (!secret) continue;
      const found = secret.data?.[ref.key];
      if (found === undefined) {
        if (optional) continue;
        throw new ContainerConfigError(`couldn't find key ${ref.key} in Secret ${namespace}/${ref.name}`);
      }
      value = decode(found);
    }
    env.set(v.name, value);
  }

  for (const [k, v] of serviceEnv) if (!env.has(k)) env.set(k, v);
  return [...env].map(([name, value]) => ({ name, value }));
}
