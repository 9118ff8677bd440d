// A pod's volumes on the node and the mounts handed to the runtime. Set-up runs
// on every sync, so configMap, secret, downwardAPI and projected contents follow
// their sources (rewritten atomically, and only when they changed).
import { chmod, lstat, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Container, Volume } from '../../api/types.ts';
import type { Mount } from '../runtime/types.ts';
import { ContainerConfigError, expand } from '../env/index.ts';
import { writePayload } from './atomic-writer.ts';
import { prepareHostPath } from './hostpath.ts';
import { buildPayload, type ProjectionContext } from './projections.ts';
import { podDir, volumeDir } from './paths.ts';

export { podDir, volumeDir } from './paths.ts';
export type { ProjectionContext } from './projections.ts';

export interface VolumePath {
  hostPath: string;
  /** Volumes the kubelet writes (configMap, secret…) are mounted read-only whatever the mount says. */
  readOnly: boolean;
}

/** A volume that could not be set up; the pod worker records FailedMount and retries. */
export class VolumeError extends Error {
  constructor(readonly volume: string, message: string) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${message}`);
  }
}

async function setUpOne(volume: Volume, dataDir: string, ctx: ProjectionContext): Promise<VolumePath> {
  const uid = ctx.pod.metadata!.uid!;
  if (volume.hostPath) return { hostPath: await prepareHostPath(volume.hostPath), readOnly: false };
  if (volume.emptyDir) {
    // medium: Memory is a plain directory too: no tmpfs without privileges on every platform we run on.
    const dir = volumeDir(dataDir, uid, 'emptyDir', volume.name);
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o777);
    return { hostPath: dir, readOnly: false };
  }
  const plugin = volume.configMap ? 'configMap' : volume.secret ? 'secret' : volume.downwardAPI ? 'downwardAPI' : volume.projected ? 'projected' : undefined;
  if (!plugin) throw new Error('volume type is not supported by this node');
  const dir = volumeDir(dataDir, uid, plugin, volume.name);
  await writePayload(dir, await buildPayload(volume, ctx));
  return { hostPath: dir, readOnly: true };
}

/** Sets up (or refreshes) every volume of the pod; rejects with the first VolumeError. */
export async function setUpVolumes(dataDir: string, ctx: ProjectionContext): Promise<Map<string, VolumePath>> {
  const out = new Map<string, VolumePath>();
  for (const volume of ctx.pod.spec?.volumes ?? []) {
    try {
      out.set(volume.name, await setUpOne(volume, dataDir, ctx));
    } catch (err) {
      throw new VolumeError(volume.name, (err as Error).message);
    }
  }
  return out;
}

/** The container's volumeMounts as runtime mounts, subPath resolved into hostPath (its directory created, as the kubelet does). */
export async function mountsFor(container: Container, volumes: Map<string, VolumePath>, env: { name: string; value: string }[]): Promise<Mount[]> {
  const envMap = new Map(env.map((e) => [e.name, e.value]));
  const mounts: Mount[] = [];
  for (const m of container.volumeMounts ?? []) {
    const vol = volumes.get(m.name);
    if (!vol) throw new ContainerConfigError(`cannot find volume "${m.name}" to mount into container "${container.name}"`);
    const subPath = m.subPathExpr ? expand(m.subPathExpr, (n) => envMap.get(n)) : m.subPath ?? '';
    if (subPath) {
      if (path.isAbsolute(subPath)) throw new ContainerConfigError(`error SubPath \`${subPath}\` must not be an absolute path`);
      if (subPath.split('/').includes('..')) throw new ContainerConfigError(`unable to provision SubPath \`${subPath}\`: must not contain '..'`);
      const full = path.join(vol.hostPath, subPath);
      const present = await lstat(full).then(() => true, () => false);
      if (!present && !vol.readOnly) await mkdir(full, { recursive: true });
    }
    // Resolved here, as the kubelet does: the docker driver binds hostPath as given.
    mounts.push({ hostPath: subPath ? path.join(vol.hostPath, subPath) : vol.hostPath, containerPath: m.mountPath, readOnly: m.readOnly === true || vol.readOnly });
  }
  return mounts;
}

/** Removes everything the node kept for the pod (volumes of kinds it owns; hostPath contents are never touched). */
export async function removePodDir(dataDir: string, uid: string): Promise<void> {
  await rm(podDir(dataDir, uid), { recursive: true, force: true });
}
