// The image service: what the engine holds, and pulls with their progress.
import type { ImageStatus, PullProgress } from '../types.ts';
import type { DriverContext } from './context.ts';
import { engineMessage, isNotFound } from './errors.ts';
import { followProgress } from './progress.ts';

export async function imageStatus(ctx: DriverContext, image: string): Promise<ImageStatus | undefined> {
  try {
    const info = await ctx.docker.getImage(image).inspect();
    return { id: info.Id, repoTags: info.RepoTags ?? [], repoDigests: info.RepoDigests ?? [], sizeBytes: info.Size };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Rejects with the engine's own message, which the pod worker shows as ErrImagePull's. */
export async function pullImage(ctx: DriverContext, image: string, onProgress?: (p: PullProgress) => void): Promise<ImageStatus> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await ctx.docker.pull(image);
  } catch (err) {
    throw new Error(engineMessage(err));
  }
  await followProgress(ctx.docker, stream, (line) => {
    if (!onProgress || !line.status) return;
    const d = line.progressDetail;
    onProgress({ status: line.id ? `${line.status} ${line.id}` : line.status, ...(d?.current !== undefined ? { current: d.current } : {}), ...(d?.total !== undefined ? { total: d.total } : {}) });
  });
  const status = await imageStatus(ctx, image);
  if (!status) throw new Error(`image ${image} is missing after its pull`);
  return status;
}
