// What every pod worker shares: the API, the runtime, the node's identity and the
// probe results.
import os from 'node:os';
import type { Node, Pod } from '../../api/types.ts';
import { R } from '../../client/types.ts';
import type { Client } from '../../client/types.ts';
import type { NodeAllocatable } from '../env/index.ts';
import type { ProbeManager } from '../probes/index.ts';
import type { Runtime } from '../runtime/types.ts';
import type { Backoff } from './backoff.ts';
import type { Recorder } from './images.ts';

export interface AgentContext {
  client: Client;
  runtime: Runtime;
  runtimeName: string;
  nodeName: string;
  nodeIP: string;
  dataDir: string;
  probes: ProbeManager;
  crashBackoff: Backoff;
  pullBackoff: Backoff;
  record: Recorder;
  log: (line: string) => void;
  allocatable(): Promise<NodeAllocatable>;
  /** Asks for a sync of the pod after `ms` (a backoff ends). */
  syncLater(uid: string, ms: number): void;
  /** The API object status is read from and written to (a static pod's mirror), if any. */
  statusTarget(pod: Pod): Pod | undefined;
}

/** The node's allocatable as the API has it (what unset limits read as), or the machine's own figures. */
export function nodeAllocatable(client: Client, nodeName: string): () => Promise<NodeAllocatable> {
  let cached: { at: number; value: NodeAllocatable } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < 60_000) return cached.value;
    const fallback: NodeAllocatable = { cpu: String(os.cpus().length), memory: String(os.totalmem()), 'ephemeral-storage': '0' };
    let value = fallback;
    try {
      const node = (await client.get(R.nodes, undefined, nodeName)) as unknown as Node;
      const a = node.status?.allocatable ?? {};
      value = { cpu: String(a.cpu ?? fallback.cpu), memory: String(a.memory ?? fallback.memory), 'ephemeral-storage': String(a['ephemeral-storage'] ?? '0') };
    } catch {
      // No Node object yet (or not readable): the machine's own figures stand in.
    }
    cached = { at: Date.now(), value };
    return value;
  };
}
