// Nodes ready out of all nodes, for the tray: kept current by a node informer
// over the control plane's loopback socket, as the controllers' are.
import { getCondition } from '../../api/meta.ts';
import type { KubeObject, Node as ApiNode } from '../../api/types.ts';
import { createHttpClient, createInformerFactory, R } from '../../client/index.ts';
import type { LoopbackConfig } from '../control-plane/index.ts';

type Node = ApiNode & KubeObject;

export interface NodeHealth {
  ready: number;
  total: number;
}

export function nodeHealth(nodes: readonly Node[]): NodeHealth {
  const ready = nodes.filter((node) => getCondition(node.status?.conditions, 'Ready')?.status === 'True').length;
  return { ready, total: nodes.length };
}

export function healthLabel(health: NodeHealth): string {
  return `Nodes ready ${health.ready}/${health.total}`;
}

/** Calls `onChange` once the nodes are listed, then whenever the count changes. */
export function watchNodeHealth(loopback: LoopbackConfig, log: (line: string) => void, onChange: (health: NodeHealth) => void): { stop(): void } {
  const informers = createInformerFactory(createHttpClient(loopback), log);
  const nodes = informers.informer<Node>(R.nodes);
  let last: NodeHealth | undefined;
  const update = (): void => {
    if (!nodes.hasSynced()) return;
    const health = nodeHealth(nodes.list());
    if (last?.ready === health.ready && last.total === health.total) return;
    last = health;
    onChange(health);
  };
  nodes.addHandlers({ add: update, update, delete: update });
  void nodes.synced().then(update);
  informers.start();
  return { stop: () => informers.stop() };
}
