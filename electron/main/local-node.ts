// The switch behind the "join as a node" setting: starts or stops this
// machine's agent while the app runs. Toggles are applied one at a time, in
// order, so a quick off-on never leaves two agents or none.

export interface RunningAgent {
  stop(): Promise<void>;
}

export interface LocalNode {
  /** Resolves once the agent runs (true) or has stopped (false); rejects when it could not start. */
  set(running: boolean): Promise<void>;
  isRunning(): boolean;
}

export function localNode(start: () => Promise<RunningAgent>): LocalNode {
  let agent: RunningAgent | undefined;
  let queue = Promise.resolve();
  const apply = async (running: boolean): Promise<void> => {
    if (running && !agent) agent = await start();
    if (!running && agent) {
      const stopping = agent;
      agent = undefined;
      await stopping.stop();
    }
  };
  return {
    set(running) {
      const applied = queue.then(() => apply(running));
      // One failed start must not wedge the toggles after it.
      queue = applied.catch(() => undefined);
      return applied;
    },
    isRunning: () => agent !== undefined,
  };
}

/**
 * Applies the join-as-node setting. What it throws is what the settings page
 * shows: the change is saved either way, and `--no-agent` (agentAllowed false)
 * wins for this run.
 */
export async function applyJoinAsNode(node: LocalNode, joinAsNode: boolean, agentAllowed: boolean): Promise<void> {
  if (!agentAllowed) {
    if (joinAsNode) throw new Error('Saved. This run was started with --no-agent, so this machine joins at the next start without it.');
    return;
  }
  await node.set(joinAsNode).catch((error: unknown) => {
    throw new Error(`This machine could not join as a node: ${error instanceof Error ? error.message : String(error)}`);
  });
}
