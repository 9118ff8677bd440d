// A JSON resource fetched now and every intervalMs while the calling component
// lives: for node metrics and stats history, which the API serves without a watch.
import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import { useSessionStore } from '../../stores/session.ts';

export function usePolled<T>(path: string, intervalMs: number) {
  const session = useSessionStore();
  const data = shallowRef<T>();
  const error = ref<string>();
  const loading = ref(true);
  let abort: AbortController | undefined;

  async function refresh(): Promise<void> {
    const client = session.client;
    if (!client) return;
    abort?.abort();
    const controller = new AbortController();
    abort = controller;
    try {
      data.value = await client.get<T>(path, controller.signal);
      error.value = undefined;
    } catch (failure) {
      if (controller.signal.aborted) return;
      error.value = failure instanceof Error ? failure.message : String(failure);
    } finally {
      if (abort === controller) loading.value = false;
    }
  }

  const timer = setInterval(() => void refresh(), intervalMs);
  watch(() => session.generation, () => void refresh(), { immediate: true });
  onScopeDispose(() => {
    clearInterval(timer);
    abort?.abort();
  });
  return { data, error, loading, refresh };
}
