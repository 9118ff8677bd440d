// What the process runtime keeps on disk, so that a new runtime instance (the agent
// restarted) adopts the sandboxes and the still-running processes of the last one:
//   ROOT/sandboxes/ID.json             a sandbox
//   ROOT/containers/ID/state.json      a container: config, labels, pids and start times
//   ROOT/containers/ID/{spawn.json, pid, exit.json, container.log, stdin}   the shim's files
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerConfig, PodSandboxConfig, PodSandboxStatus } from '../types.ts';
import type { MountLink } from './mounts.ts';
import type { ShimSpec } from './shim.ts';

export interface SandboxRecord {
  status: PodSandboxStatus;
  config: PodSandboxConfig;
}

/** A pid and what proc.ts says identifies that process, to tell it from a later one with the same pid. */
export interface ProcessIdentity {
  pid: number;
  startTime?: string;
}

export interface ContainerRecord {
  id: string;
  sandboxId: string;
  imageRef: string;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  config: ContainerConfig;
  spec: ShimSpec;
  links: MountLink[];
  /** Set once started. */
  startedAt?: number;
  shim?: ProcessIdentity;
  /** The container's process: also its process group. */
  process?: ProcessIdentity;
}

export class Records {
  readonly sandboxes: string;
  readonly containers: string;

  constructor(readonly root: string) {
    this.sandboxes = join(root, 'sandboxes');
    this.containers = join(root, 'containers');
  }

  async init(): Promise<void> {
    await mkdir(this.sandboxes, { recursive: true });
    await mkdir(this.containers, { recursive: true });
  }

  containerDir(id: string): string {
    return join(this.containers, id);
  }

  saveSandbox(record: SandboxRecord): Promise<void> {
    return writeJson(join(this.sandboxes, `${record.status.id}.json`), record);
  }

  deleteSandbox(id: string): Promise<void> {
    return rm(join(this.sandboxes, `${id}.json`), { force: true });
  }

  async saveContainer(record: ContainerRecord): Promise<void> {
    await mkdir(this.containerDir(record.id), { recursive: true });
    await writeJson(join(this.containerDir(record.id), 'state.json'), record);
  }

  deleteContainer(id: string): Promise<void> {
    return rm(this.containerDir(id), { recursive: true, force: true });
  }

  async loadSandboxes(log: (line: string) => void): Promise<SandboxRecord[]> {
    const names = (await readdir(this.sandboxes)).filter((n) => n.endsWith('.json'));
    const records = await Promise.all(names.map((n) => readJson<SandboxRecord>(join(this.sandboxes, n), log)));
    return records.filter((r) => r !== undefined);
  }

  async loadContainers(log: (line: string) => void): Promise<ContainerRecord[]> {
    const ids = await readdir(this.containers);
    const records = await Promise.all(ids.map((id) => readJson<ContainerRecord>(join(this.containerDir(id), 'state.json'), log)));
    return records.filter((r) => r !== undefined);
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a record. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, path);
}

/** undefined when the file is missing; a file that does not parse is logged and skipped. */
export async function readJson<T>(path: string, log: (line: string) => void): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    log(`process runtime: ignoring ${path}: ${(err as Error).message}`);
    return undefined;
  }
}
