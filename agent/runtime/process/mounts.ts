// Volume mounts without a mount namespace: the process runtime runs in the host's
// filesystem, so a mount is made available by a symlink at containerPath pointing
// to hostPath. That is only done where nothing is in the way: the
// containerPath must not exist (or already be the same link, from an earlier
// attempt of the container) and its parent must be a writable directory.
// Otherwise creating the container fails with a message saying why. readOnly
// cannot be enforced by a symlink and is not.
import { constants } from 'node:fs';
import { access, lstat, readlink, symlink, unlink } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import type { Mount } from '../types.ts';

export interface MountLink {
  /** The containerPath. */
  path: string;
  /** What it points to. */
  target: string;
}

const NO_ISOLATION = 'the process runtime has no filesystem isolation and makes a mount available as a symlink at its containerPath';

/** Links every mount, or none: rejects with the reason when one cannot be linked. */
export async function linkMounts(mounts: Mount[]): Promise<MountLink[]> {
  const links: MountLink[] = [];
  const toCreate: MountLink[] = [];
  for (const m of mounts) {
    const link = { path: m.containerPath, target: m.hostPath };
    if (!isAbsolute(link.path)) throw new Error(`mount ${link.path}: containerPath must be absolute`);
    const existing = await lstat(link.path).catch(() => undefined);
    if (existing) {
      if (!existing.isSymbolicLink() || (await readlink(link.path)) !== link.target) {
        throw new Error(`mount ${link.path}: the path already exists on this host; ${NO_ISOLATION} only where nothing is`);
      }
    } else {
      try {
        await access(dirname(link.path), constants.W_OK);
      } catch {
        throw new Error(`mount ${link.path}: ${dirname(link.path)} is not a writable directory on this host; ${NO_ISOLATION}`);
      }
      toCreate.push(link);
    }
    links.push(link);
  }
  const created: MountLink[] = [];
  try {
    for (const link of toCreate) {
      await symlink(link.target, link.path);
      created.push(link);
    }
  } catch (err) {
    await unlinkMounts(created, () => false);
    throw new Error(`mount: ${(err as Error).message}`);
  }
  return links;
}

/** Removes the links that still point where we put them and that no other container uses. */
export async function unlinkMounts(links: MountLink[], usedElsewhere: (path: string) => boolean): Promise<void> {
  for (const link of links) {
    if (usedElsewhere(link.path)) continue;
    const current = await readlink(link.path).catch(() => undefined);
    if (current === link.target) await unlink(link.path).catch(() => {});
  }
}
