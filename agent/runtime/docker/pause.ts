// The sandbox image: the configured pause image when the engine has it or can pull
// it, else one we build in place (no registry is reachable on many LANs and CI).
import type Docker from 'dockerode';
import { isNotFound, engineMessage } from './errors.ts';
import { importRootfs } from './import.ts';
import { pauseElf } from './elf.ts';
import { followProgress } from './progress.ts';

export const DEFAULT_PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
export const LOCAL_PAUSE_IMAGE = 'flotilla.local/pause:1';

async function present(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export async function buildLocalPauseImage(docker: Docker, ref = LOCAL_PAUSE_IMAGE): Promise<void> {
  await importRootfs(docker, [{ type: 'file', path: 'pause', data: pauseElf(), mode: 0o755 }], ref, ['CMD ["/pause"]']);
}

/**
 * Returns the image sandboxes run. A local build from an earlier start is preferred
 * to another pull attempt, so an offline agent does not wait on the registry at every start.
 */
export async function ensurePauseImage(docker: Docker, wanted: string, log: (line: string) => void): Promise<string> {
  if (await present(docker, wanted)) return wanted;
  if (await present(docker, LOCAL_PAUSE_IMAGE)) return LOCAL_PAUSE_IMAGE;
  try {
    await followProgress(docker, await docker.pull(wanted));
    return wanted;
  } catch (err) {
    log(`pause image ${wanted} cannot be pulled (${engineMessage(err)}); building ${LOCAL_PAUSE_IMAGE} locally`);
  }
  await buildLocalPauseImage(docker);
  return LOCAL_PAUSE_IMAGE;
}
