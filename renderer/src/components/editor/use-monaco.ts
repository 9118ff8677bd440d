// Mounting a Monaco widget from a component: Monaco is imported on first use,
// a failed import becomes a message instead of a blank box, and the widget is
// disposed with the component.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

type MonacoModule = typeof import('./monaco.ts');

interface Disposable {
  dispose(): void;
}

export function useMonaco(host: Ref<HTMLElement | undefined>, mount: (lib: MonacoModule, element: HTMLElement) => Disposable[]) {
  const loading = ref(true);
  const failure = ref('');
  let disposables: Disposable[] = [];
  let unmounted = false;

  onMounted(async () => {
    try {
      const lib = await import('./monaco.ts');
      if (unmounted || !host.value) return;
      disposables = mount(lib, host.value);
    } catch (error) {
      failure.value = `The editor could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      loading.value = false;
    }
  });

  onBeforeUnmount(() => {
    unmounted = true;
    for (const disposable of disposables.reverse()) disposable.dispose();
  });

  return { loading, failure };
}
