// Builds an image from a root filesystem held in memory (`docker import`): how the
// pause image is made where no registry is reachable.
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { followProgress } from './progress.ts';
import { tarArchive, type TarEntry } from './tar.ts';

/** `changes` are Dockerfile instructions applied to the image, e.g. `CMD ["/bin/sh"]`. */
export async function importRootfs(docker: Docker, entries: TarEntry[], ref: string, changes: string[] = []): Promise<void> {
  const colon = ref.lastIndexOf(':');
  const [repo, tag] = colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
  const stream = await docker.importImage(Readable.from([tarArchive(entries)]), { repo, tag, changes });
  await followProgress(docker, stream);
}
