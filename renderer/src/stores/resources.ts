// One store per kind, fed by one cluster-wide list-then-watch that starts when
// a view first asks for the kind and runs while connected. Objects are kept
// as the server sent them (not deeply reactive): a watch event replaces one
// entry of the map, which is what views react to.
import { defineStore } from 'pinia';
import { computed, effectScope, ref, shallowReactive, watch } from 'vue';
import type { KubeObject } from '../../../api/types.ts';
import { kindByPlural, keyOf, resourcePath, type KindInfo } from '../api/kinds.ts';
import { reflect } from '../api/reflector.ts';
import { useSessionStore } from './session.ts';

function defineResourceStore(info: KindInfo) {
  return defineStore(`resources/${info.plural}`, () => {
    const session = useSessionStore();
    const items = shallowReactive(new Map<string, KubeObject>());
    const synced = ref(false);
    let abort: AbortController | undefined;
    let started = false;

    function stop(): void {
      abort?.abort();
      abort = undefined;
      items.clear();
      synced.value = false;
      session.report(info.plural, undefined);
    }

    function run(): void {
      stop();
      const client = session.client;
      if (!client) return;
      abort = new AbortController();
      void reflect(client, resourcePath(info), {
        replace(list) {
          const fresh = new Set(list.map(keyOf));
          for (const key of items.keys()) if (!fresh.has(key)) items.delete(key);
          for (const object of list) items.set(keyOf(object), object);
          synced.value = true;
          session.report(info.plural, undefined);
        },
        apply(event) {
          if (event.type === 'DELETED') items.delete(keyOf(event.object));
          else items.set(keyOf(event.object), event.object);
        },
        failed: (error) => session.report(info.plural, error),
      }, abort.signal);
    }

    /** Starts the watch if it is not running; views call it on setup. */
    function ensure(): void {
      if (started) return;
      started = true;
      // Detached from the calling component: the watch must outlive the first view that asked for it.
      effectScope(true).run(() => watch(() => session.generation, run, { immediate: true }));
    }

    /** Objects in the namespace the user picked (all when none). */
    const inNamespace = computed(() => {
      const namespace = info.namespaced ? session.namespace : '';
      const all = [...items.values()];
      return namespace ? all.filter((object) => object.metadata.namespace === namespace) : all;
    });

    function get(namespace: string | undefined, name: string): KubeObject | undefined {
      return items.get(`${info.namespaced ? namespace ?? '' : ''}/${name}`);
    }

    return { info, items, synced, inNamespace, ensure, get, stop };
  });
}

const definitions = new Map<string, ReturnType<typeof defineResourceStore>>();

/** The store of a kind by its plural (see KINDS), its watch started. */
export function useResources(plural: string) {
  let use = definitions.get(plural);
  if (!use) {
    const info = kindByPlural(plural);
    if (!info) throw new Error(`the dashboard does not know the resource ${plural}`);
    use = defineResourceStore(info);
    definitions.set(plural, use);
  }
  const store = use();
  store.ensure();
  return store;
}
