// The kubelet's AtomicWriter: a volume's files live in a timestamped directory,
// `..data` is a symlink to it, and each visible path is a symlink through
// `..data`. An update writes a new directory and swaps `..data` with one rename,
// so a reader sees either the old set of files or the new one, never a mix.
import { lstat, mkdir, readFile, readdir, readlink, rename, rm, stat, symlink, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';

export interface FileProjection {
  data: Buffer;
  mode: number;
}

/** Relative path → contents and mode. */
export type Payload = Map<string, FileProjection>;

const DATA = '..data';
const DATA_TMP = '..data_tmp';

/** `..2024_05_01_12_00_00.123456789`, as upstream names its payload directories. */
function payloadDirName(): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const nanos = p(d.getUTCMilliseconds(), 3) + p(Math.floor(Math.random() * 1e6), 6);
  return `..${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}.${nanos}`;
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(() => true, () => false);
}

/** True when the current payload directory holds exactly `payload`. */
async function samePayload(dir: string, payload: Payload): Promise<boolean> {
  let current: string;
  try {
    current = path.join(dir, await readlink(path.join(dir, DATA)));
  } catch {
    return false;
  }
  const files = await listFiles(current).catch(() => undefined);
  if (!files || files.length !== payload.size) return false;
  for (const rel of files) {
    const want = payload.get(rel);
    if (!want) return false;
    const full = path.join(current, rel);
    const [data, st] = await Promise.all([readFile(full), stat(full)]);
    if (!data.equals(want.data) || (st.mode & 0o777) !== want.mode) return false;
  }
  return true;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out;
}

/** Writes `payload` into `dir` atomically; returns false when it was already there. */
export async function writePayload(dir: string, payload: Payload): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  if (await samePayload(dir, payload)) return false;
  const oldTarget = await readlink(path.join(dir, DATA)).catch(() => undefined);

  const name = payloadDirName();
  const tsDir = path.join(dir, name);
  await mkdir(tsDir, { mode: 0o755 });
  for (const [rel, file] of payload) {
    const full = path.join(tsDir, rel);
    await mkdir(path.dirname(full), { recursive: true, mode: 0o755 });
    await writeFile(full, file.data);
    // Set after writing: the umask would otherwise narrow the mode given to writeFile.
    await chmod(full, file.mode);
  }
  await rm(path.join(dir, DATA_TMP), { force: true });
  await symlink(name, path.join(dir, DATA_TMP));
  await rename(path.join(dir, DATA_TMP), path.join(dir, DATA));

  // The visible names are the first components of the payload's paths.
  const visible = new Set([...payload.keys()].map((rel) => rel.split('/')[0]!));
  for (const top of visible) {
    const link = path.join(dir, top);
    if (!(await exists(link))) await symlink(path.join(DATA, top), link);
  }
  for (const entry of await readdir(dir)) {
    if (entry.startsWith('..') || visible.has(entry)) continue;
    await rm(path.join(dir, entry), { recursive: true, force: true });
  }
  if (oldTarget && oldTarget !== name) await rm(path.join(dir, oldTarget), { recursive: true, force: true });
  return true;
}
