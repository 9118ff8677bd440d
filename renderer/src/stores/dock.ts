// The bottom dock: log viewers and terminals the user opened from anywhere in
// the dashboard, kept across navigation. Its height is remembered between runs.
import { defineStore } from 'pinia';
import { computed, ref, shallowReactive } from 'vue';

export interface LogsTarget {
  namespace: string;
  /** One pod; or, with `selector`, every pod of a workload. */
  pod?: string;
  /** Label selector of a workload's pods, streamed together with a pod-name prefix. */
  selector?: string;
  title: string;
  container?: string;
}

export interface ExecTarget {
  namespace: string;
  pod: string;
  container?: string;
}

export type DockTab =
  | { id: number; type: 'logs'; title: string; target: LogsTarget }
  | { id: number; type: 'exec'; title: string; target: ExecTarget }
  | { id: number; type: 'node-shell'; title: string; node: string }
  | { id: number; type: 'local'; title: string };

type NewTab = DockTab extends infer T ? (T extends DockTab ? Omit<T, 'id'> : never) : never;

const HEIGHT_KEY = 'flotilla.dock.height';
export const MIN_HEIGHT = 120;
const DEFAULT_HEIGHT = 320;

function storedHeight(): number {
  const value = Number(globalThis.localStorage?.getItem(HEIGHT_KEY));
  return Number.isFinite(value) && value >= MIN_HEIGHT ? value : DEFAULT_HEIGHT;
}

export const useDockStore = defineStore('dock', () => {
  const tabs = shallowReactive<DockTab[]>([]);
  const activeId = ref<number>();
  const collapsed = ref(false);
  const height = ref(storedHeight());
  let nextId = 1;

  const active = computed(() => tabs.find((tab) => tab.id === activeId.value));

  function add(tab: NewTab): DockTab {
    const added = { ...tab, id: nextId++ } as DockTab;
    tabs.push(added);
    activeId.value = added.id;
    collapsed.value = false;
    return added;
  }

  function openLogs(target: LogsTarget): DockTab {
    return add({ type: 'logs', title: `Logs: ${target.title}`, target: { ...target } });
  }

  function openExec(target: ExecTarget): DockTab {
    return add({ type: 'exec', title: `Shell: ${target.pod}`, target: { ...target } });
  }

  function openNodeShell(node: string): DockTab {
    return add({ type: 'node-shell', title: `Node: ${node}`, node });
  }

  /** The desktop app's own shell; refused in a browser, which has no main process to run it. */
  function openLocalTerminal(): DockTab | undefined {
    if (!globalThis.window?.flotilla) return undefined;
    return add({ type: 'local', title: 'Local terminal' });
  }

  function select(id: number): void {
    activeId.value = id;
    collapsed.value = false;
  }

  function close(id: number): void {
    const index = tabs.findIndex((tab) => tab.id === id);
    if (index < 0) return;
    tabs.splice(index, 1);
    if (activeId.value === id) activeId.value = tabs[Math.min(index, tabs.length - 1)]?.id;
  }

  function toggle(): void {
    collapsed.value = !collapsed.value;
  }

  function resize(value: number): void {
    height.value = Math.max(MIN_HEIGHT, Math.round(value));
    globalThis.localStorage?.setItem(HEIGHT_KEY, String(height.value));
  }

  return { tabs, activeId, active, collapsed, height, openLogs, openExec, openNodeShell, openLocalTerminal, select, close, toggle, resize };
});
