import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareHostPath } from '../../../agent/volumes/hostpath.ts';

describe('hostPath types', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-hostpath-'));
    await writeFile(path.join(dir, 'file'), 'x');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates for the OrCreate types and checks the others with upstream\'s messages', async () => {
    await prepareHostPath({ path: path.join(dir, 'made/deep'), type: 'DirectoryOrCreate' });
    expect((await stat(path.join(dir, 'made/deep'))).isDirectory()).toBe(true);
    await prepareHostPath({ path: path.join(dir, 'new-file'), type: 'FileOrCreate' });
    expect((await stat(path.join(dir, 'new-file'))).isFile()).toBe(true);
    await expect(prepareHostPath({ path: path.join(dir, 'file'), type: 'Directory' })).rejects.toThrow(`hostPath type check failed: ${path.join(dir, 'file')} is not a directory`);
    await expect(prepareHostPath({ path: dir, type: 'File' })).rejects.toThrow(`hostPath type check failed: ${dir} is not a file`);
    await expect(prepareHostPath({ path: path.join(dir, 'file'), type: 'Socket' })).rejects.toThrow('is not a socket file');
    expect(await prepareHostPath({ path: path.join(dir, 'whatever') })).toBe(path.join(dir, 'whatever'));
  });
});
