// The files of configMap, secret, downwardAPI and projected volumes, with
// upstream's rules for items, modes, optional sources and their error messages.
import type {
  ConfigMapProjection, DownwardAPIVolumeFile, KeyToPath, Pod, SecretProjection, Volume,
} from '../../api/types.ts';
import { containerResourceValue, podFieldValue, type NodeAllocatable, type ObjectSource, type PodAddresses } from '../env/index.ts';
import type { Payload } from './atomic-writer.ts';

/** The API's defaultMode for these volumes (0644). */
export const DEFAULT_MODE = 0o644;

export interface ProjectionContext {
  pod: Pod;
  objects: ObjectSource;
  addresses: PodAddresses;
  allocatable: NodeAllocatable;
}

const notFound = (err: unknown) => (err as { code?: number }).code === 404;

/** data (text) and binaryData (base64) of a ConfigMap, or data of a Secret, as bytes by key. */
type Source = Map<string, Buffer>;

function project(
  payload: Payload,
  source: Source,
  items: KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
  missingKey: (key: string) => string,
): void {
  if (!items?.length) {
    for (const [key, data] of source) payload.set(key, { data, mode: defaultMode });
    return;
  }
  for (const item of items) {
    const data = source.get(item.key);
    if (!data) {
      if (optional) continue;
      throw new Error(missingKey(item.key));
    }
    payload.set(item.path, { data, mode: item.mode ?? defaultMode });
  }
}

async function configMapSource(ctx: ProjectionContext, name: string, optional: boolean): Promise<Source | undefined> {
  try {
    const cm = await ctx.objects.configMap(ctx.pod.metadata!.namespace ?? 'default', name);
    const source: Source = new Map();
    for (const [k, v] of Object.entries(cm.data ?? {})) source.set(k, Buffer.from(v));
    for (const [k, v] of Object.entries(cm.binaryData ?? {})) source.set(k, Buffer.from(v, 'base64'));
    return source;
  } catch (err) {
    if (notFound(err) && optional) return undefined;
    throw err;
  }
}

async function secretSource(ctx: ProjectionContext, name: string, optional: boolean): Promise<Source | undefined> {
  try {
    const secret = await ctx.objects.secret(ctx.pod.metadata!.namespace ?? 'default', name);
    const source: Source = new Map();
    for (const [k, v] of Object.entries(secret.data ?? {})) source.set(k, Buffer.from(v, 'base64'));
    return source;
  } catch (err) {
    if (notFound(err) && optional) return undefined;
    throw err;
  }
}

async function addConfigMap(payload: Payload, ctx: ProjectionContext, ref: ConfigMapProjection, defaultMode: number): Promise<void> {
  const optional = ref.optional === true;
  const source = await configMapSource(ctx, ref.name!, optional);
  if (source) project(payload, source, ref.items, defaultMode, optional, (k) => `configmap references non-existent config key: ${k}`);
}

async function addSecret(payload: Payload, ctx: ProjectionContext, ref: SecretProjection, defaultMode: number): Promise<void> {
  const optional = ref.optional === true;
  const source = await secretSource(ctx, ref.name!, optional);
  if (source) project(payload, source, ref.items, defaultMode, optional, (k) => `references non-existent secret key: ${k}`);
}

function addDownwardAPI(payload: Payload, ctx: ProjectionContext, items: DownwardAPIVolumeFile[] | undefined, defaultMode: number): void {
  for (const item of items ?? []) {
    let value: string;
    if (item.fieldRef) value = podFieldValue(ctx.pod, item.fieldRef.fieldPath, ctx.addresses);
    else if (item.resourceFieldRef) {
      const container = ctx.pod.spec?.containers.find((c) => c.name === item.resourceFieldRef!.containerName);
      if (!container) throw new Error(`container ${item.resourceFieldRef.containerName} not found`);
      value = containerResourceValue(item.resourceFieldRef, ctx.pod, container, ctx.allocatable);
    } else continue;
    payload.set(item.path, { data: Buffer.from(value), mode: item.mode ?? defaultMode });
  }
}

/** The files of a volume of one of the four projected kinds. */
export async function buildPayload(volume: Volume, ctx: ProjectionContext): Promise<Payload> {
  const payload: Payload = new Map();
  if (volume.configMap) {
    const v = volume.configMap;
    await addConfigMap(payload, ctx, v, v.defaultMode ?? DEFAULT_MODE);
  } else if (volume.secret) {
    const v = volume.secret;
    await addSecret(payload, ctx, { name: v.secretName, items: v.items, optional: v.optional }, v.defaultMode ?? DEFAULT_MODE);
  } else if (volume.downwardAPI) {
    addDownwardAPI(payload, ctx, volume.downwardAPI.items, volume.downwardAPI.defaultMode ?? DEFAULT_MODE);
  } else if (volume.projected) {
    const mode = volume.projected.defaultMode ?? DEFAULT_MODE;
    for (const source of volume.projected.sources ?? []) {
      if (source.configMap) await addConfigMap(payload, ctx, source.configMap, mode);
      else if (source.secret) await addSecret(payload, ctx, source.secret, mode);
      else if (source.downwardAPI) addDownwardAPI(payload, ctx, source.downwardAPI.items, mode);
      else if (source.serviceAccountToken) throw new Error('serviceAccountToken projections are not supported: the API server offers no TokenRequest');
      else throw new Error('unsupported projected volume source');
    }
  }
  return payload;
}
