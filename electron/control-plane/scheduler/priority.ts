// A pod's priority. The API server here defaults spec.priority to 0 without
// resolving spec.priorityClassName (upstream's Priority admission does), so the
// scheduler resolves it: the named class's value, else spec.priority, else the
// globalDefault class's value for pods that name no class.
import type { PriorityClass } from '../../../api/types.ts';
import type { Pod } from './framework/types.ts';

export interface PriorityClasses {
  get(name: string): PriorityClass | undefined;
  list(): readonly PriorityClass[];
}

export function priorityResolver(classes: PriorityClasses): (pod: Pod) => number {
  return (pod) => {
    const className = pod.spec?.priorityClassName;
    if (className) {
      const pc = classes.get(className);
      if (pc) return pc.value;
    }
    if (pod.spec?.priority) return pod.spec.priority;
    if (className) return 0;
    return classes.list().find((pc) => pc.globalDefault)?.value ?? 0;
  };
}
