import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSettings } from '../../electron/main/settings.ts';

describe('desktop settings file', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-settings-'));
    file = path.join(dir, 'userData', 'settings.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('joins as a node by default, with no file yet', async () => {
    expect((await openSettings(file)).get()).toEqual({ joinAsNode: true });
  });

  it('keeps a change across a restart', async () => {
    const settings = await openSettings(file);
    expect(await settings.update({ joinAsNode: false })).toEqual({ joinAsNode: false });
    expect((await openSettings(file)).get()).toEqual({ joinAsNode: false });
  });

  it('falls back to the defaults for a file that is not JSON or holds the wrong types', async () => {
    await writeFile(path.join(dir, 'broken.json'), '{ joinAsNode: nope');
    expect((await openSettings(path.join(dir, 'broken.json'))).get()).toEqual({ joinAsNode: true });
    await writeFile(path.join(dir, 'typed.json'), JSON.stringify({ joinAsNode: 'no' }));
    expect((await openSettings(path.join(dir, 'typed.json'))).get()).toEqual({ joinAsNode: true });
  });

  it('refuses changes that are not settings, saying which field is wrong', async () => {
    const settings = await openSettings(file);
    await expect(settings.update({ joinAsNode: 'yes' })).rejects.toThrow('joinAsNode must be true or false');
    await expect(settings.update({ theme: 'dark' })).rejects.toThrow('unknown setting "theme"');
    await expect(settings.update(null)).rejects.toThrow('settings must be an object');
    expect(settings.get()).toEqual({ joinAsNode: true });
  });

  it('applies a saved change, and keeps it saved when applying fails', async () => {
    const applied: boolean[] = [];
    const settings = await openSettings(file, async ({ joinAsNode }) => {
      applied.push(joinAsNode);
      if (joinAsNode) throw new Error('no container engine answers');
    });
    await settings.update({ joinAsNode: false });
    await expect(settings.update({ joinAsNode: true })).rejects.toThrow('no container engine answers');
    expect(applied).toEqual([false, true]);
    expect((await openSettings(file)).get()).toEqual({ joinAsNode: true });
  });

  it('writes quick successive changes in order, the last one on disk', async () => {
    const settings = await openSettings(file);
    await Promise.all([false, true, false].map((joinAsNode) => settings.update({ joinAsNode })));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ joinAsNode: false });
  });
});
