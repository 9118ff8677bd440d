// hostPath volumes: the node's own path, checked or created per the volume's type
// with upstream's messages.
import { mkdir, open, stat } from 'node:fs/promises';
import type { HostPathVolumeSource } from '../../api/types.ts';

async function kind(p: string): Promise<'dir' | 'file' | 'socket' | 'char' | 'block' | 'other' | undefined> {
  try {
    const st = await stat(p);
    if (st.isDirectory()) return 'dir';
    if (st.isFile()) return 'file';
    if (st.isSocket()) return 'socket';
    if (st.isCharacterDevice()) return 'char';
    if (st.isBlockDevice()) return 'block';
    return 'other';
  } catch {
    return undefined;
  }
}

const fail = (msg: string): never => {
  throw new Error(`hostPath type check failed: ${msg}`);
};

export async function prepareHostPath(source: HostPathVolumeSource): Promise<string> {
  const p = source.path;
  const type = source.type ?? '';
  const found = await kind(p);
  switch (type) {
    case '':
      break;
    case 'DirectoryOrCreate':
      if (found === undefined) await mkdir(p, { recursive: true, mode: 0o755 });
      else if (found !== 'dir') fail(`${p} is not a directory`);
      break;
    case 'Directory':
      if (found !== 'dir') fail(`${p} is not a directory`);
      break;
    case 'FileOrCreate':
      if (found === undefined) await (await open(p, 'a', 0o644)).close();
      else if (found !== 'file') fail(`${p} is not a file`);
      break;
    case 'File':
      if (found !== 'file') fail(`${p} is not a file`);
      break;
    case 'Socket':
      if (found !== 'socket') fail(`${p} is not a socket file`);
      break;
    case 'CharDevice':
      if (found !== 'char') fail(`${p} is not a character device`);
      break;
    case 'BlockDevice':
      if (found !== 'block') fail(`${p} is not a block device`);
      break;
    default:
      fail(`unknown hostPath type ${type}`);
  }
  return p;
}
