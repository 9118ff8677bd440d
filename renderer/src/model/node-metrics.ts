// Node metrics, the one thing the dashboard polls: metrics.k8s.io has no watch.
import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import { useSessionStore } from '../stores/session.ts';
import type { NodeMetrics } from './usage.ts';

export const METRICS_INTERVAL_MS = 15_000;
const PATH = '/apis/metrics.k8s.io/v1beta1/nodes';

/** The latest NodeMetrics, refreshed every 15 s while the calling component lives; `error` says why there are none. */
export function useNodeMetrics() {
  const session = useSessionStore();
  const metrics = shallowRef<NodeMetrics[]>();
  const error = ref<string>();
  let abort: AbortController | undefined;

  async function refresh(): Promise<void> {
    const client = session.client;
    if (!client) return;
    abort?.abort();
    const controller = new AbortController();
    abort = controller;
    try {
      metrics.value = (await client.list<NodeMetrics>(PATH, controller.signal)).items;
      error.value = undefined;
    } catch (failure) {
      if (controller.signal.aborted) return;
      error.value = failure instanceof Error ? failure.message : String(failure);
    }
  }

  const timer = setInterval(() => void refresh(), METRICS_INTERVAL_MS);
  watch(() => session.generation, () => void refresh(), { immediate: true });
  onScopeDispose(() => {
    clearInterval(timer);
    abort?.abort();
  });
  return { metrics, error };
}
