// The fake's image store: names only, with ids derived from the name so every
// hollow node reports the same id for the same image, as a registry would.
import { createHash } from 'node:crypto';
import type { ImageStatus, PullProgress } from '../types.ts';

/** `nginx` → `nginx:latest`; names with a tag or digest stay as they are. */
export function normalizeImage(image: string): string {
  const lastSlash = image.lastIndexOf('/');
  return image.includes('@') || image.indexOf(':', lastSlash + 1) >= 0 ? image : `${image}:latest`;
}

function imageStatusOf(name: string): ImageStatus {
  const digest = createHash('sha256').update(name).digest('hex');
  const repo = name.includes('@') ? name.slice(0, name.indexOf('@')) : name.slice(0, name.lastIndexOf(':'));
  return {
    id: `sha256:${digest}`,
    repoTags: name.includes('@') ? [] : [name],
    repoDigests: [`${repo}@sha256:${digest}`],
    sizeBytes: 1_000_000 + (parseInt(digest.slice(0, 5), 16) % 50_000_000),
  };
}

export class FakeImages {
  private readonly local = new Set<string>();

  constructor(
    initial: string[],
    private readonly pullError?: (image: string) => string | undefined,
  ) {
    for (const image of initial) this.local.add(normalizeImage(image));
  }

  status(image: string): ImageStatus | undefined {
    const name = normalizeImage(image);
    return this.local.has(name) ? imageStatusOf(name) : undefined;
  }

  async pull(image: string, onProgress?: (p: PullProgress) => void): Promise<ImageStatus> {
    const failure = this.pullError?.(image);
    if (failure !== undefined) throw new Error(failure);
    const name = normalizeImage(image);
    const status = imageStatusOf(name);
    onProgress?.({ status: 'Pulling fs layer' });
    onProgress?.({ status: 'Downloading', current: status.sizeBytes, total: status.sizeBytes });
    onProgress?.({ status: 'Pull complete' });
    this.local.add(name);
    return status;
  }
}
