import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIN_HEIGHT, useDockStore } from '../../../renderer/src/stores/dock.ts';

beforeEach(() => setActivePinia(createPinia()));

describe('dock store', () => {
  it('opens each kind of tab, newest active, the dock expanded', () => {
    const dock = useDockStore();
    dock.toggle();
    const logs = dock.openLogs({ namespace: 'default', selector: 'app=web', title: 'Deployment web' });
    expect(dock.collapsed).toBe(false);
    const exec = dock.openExec({ namespace: 'default', pod: 'web-1', container: 'main' });
    const shell = dock.openNodeShell('laptop');
    expect(dock.tabs.map((t) => [t.type, t.title])).toEqual([
      ['logs', 'Logs: Deployment web'], ['exec', 'Shell: web-1'], ['node-shell', 'Node: laptop']]);
    expect(new Set([logs.id, exec.id, shell.id]).size).toBe(3);
    expect(dock.active).toBe(shell);
    dock.select(logs.id);
    expect(dock.active).toBe(logs);
  });

  it('never offers a local terminal outside the desktop app', () => {
    const dock = useDockStore();
    expect(dock.openLocalTerminal()).toBeUndefined();
    expect(dock.tabs).toHaveLength(0);
  });

  it('activates a neighbour when the active tab closes, and nothing once all are closed', () => {
    const dock = useDockStore();
    const [a, b, c] = ['a', 'b', 'c'].map((pod) => dock.openExec({ namespace: 'ns', pod }));
    dock.select(b!.id);
    dock.close(b!.id);
    expect(dock.activeId).toBe(c!.id);
    dock.close(c!.id);
    expect(dock.activeId).toBe(a!.id);
    dock.close(a!.id);
    expect(dock.activeId).toBeUndefined();
    expect(dock.tabs).toHaveLength(0);
  });

  it('keeps its height above the minimum', () => {
    const dock = useDockStore();
    dock.resize(10);
    expect(dock.height).toBe(MIN_HEIGHT);
    dock.resize(455.6);
    expect(dock.height).toBe(456);
  });
});
