// The connection to the API and what the user chose to look at: the namespace
// (empty for all) and a label selector, both shared by every list view.
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import { ApiClient, type ApiError, type Transport } from '../api/client.ts';
import type { SocketFactory } from '../api/socket.ts';
import type { Connection } from '../api/connection.ts';

const NAMESPACE_KEY = 'flotilla.namespace';

export const useSessionStore = defineStore('session', () => {
  const client = shallowRef<ApiClient>();
  const embedded = ref(false);
  const namespace = ref(globalThis.localStorage?.getItem(NAMESPACE_KEY) ?? '');
  const labelSelector = ref('');
  /** The last failure of each watch, by store id; cleared when that watch syncs again. */
  const problems = reactive(new Map<string, ApiError>());
  /** Bumped on every connect, so resource stores know to restart their watches. */
  const generation = ref(0);

  const problem = computed<ApiError | undefined>(() => {
    const all = [...problems.values()];
    return all.find((p) => p.kind === 'unauthorized') ?? all[0];
  });
  const apiUrl = computed(() => client.value?.apiUrl ?? '');

  function connect(connection: Connection, transport?: Transport, sockets?: SocketFactory): void {
    client.value = new ApiClient(connection, transport, sockets);
    embedded.value = connection.embedded;
    problems.clear();
    generation.value += 1;
  }

  function disconnect(): void {
    client.value = undefined;
    problems.clear();
    generation.value += 1;
  }

  function setNamespace(value: string): void {
    namespace.value = value;
    globalThis.localStorage?.setItem(NAMESPACE_KEY, value);
  }

  function report(id: string, error: ApiError | undefined): void {
    if (error) problems.set(id, error);
    else problems.delete(id);
  }

  /** The client, for actions: views only run while connected. */
  function api(): ApiClient {
    if (!client.value) throw new Error('not connected to the API');
    return client.value;
  }

  return { client, embedded, namespace, labelSelector, problems, problem, apiUrl, generation, connect, disconnect, setNamespace, report, api };
});
