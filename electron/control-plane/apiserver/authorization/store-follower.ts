// Keeps an in-memory view of one store prefix: list, then watch from the list's
// revision; a watch that fails for any reason but shutdown starts over with a relist.
import type { KV, Store, StoreEvent, Watcher } from '../../store/types.ts';

export interface FollowHandlers {
  /** Replaces the whole view with a fresh list. */
  reset(items: KV[]): void;
  onEvent(event: StoreEvent): void;
}

export async function followPrefix(store: Store, prefix: string, handlers: FollowHandlers, what: string): Promise<{ stop(): void }> {
  let watcher: Watcher | undefined;
  let stopped = false;
  const start = async (): Promise<void> => {
    const listed = await store.list(prefix);
    if (stopped) return;
    handlers.reset(listed.items);
    watcher = store.watch(prefix, {
      fromRevision: listed.revision,
      onEvent: handlers.onEvent,
      onError: (error) => {
        if (stopped || error.code === 'closed') return;
        start().catch((err: unknown) => console.error(`flotilla: ${what} cannot follow the store: ${String(err)}`));
      },
    });
  };
  await start();
  return {
    stop() {
      stopped = true;
      watcher?.stop();
    },
  };
}
