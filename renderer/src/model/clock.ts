// One clock for every age on screen: a few thousand rows re-render their ages
// from one ticking ref instead of each keeping a timer.
import { onScopeDispose, readonly, ref, type Ref } from 'vue';

export const TICK_MS = 5_000;

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/** The current time in unix ms, refreshed every TICK_MS while any component uses it. */
export function useNow(): Readonly<Ref<number>> {
  users += 1;
  now.value = Date.now();
  timer ??= setInterval(() => {
    now.value = Date.now();
  }, TICK_MS);
  onScopeDispose(() => {
    users -= 1;
    if (users > 0) return;
    clearInterval(timer);
    timer = undefined;
  });
  return readonly(now);
}
