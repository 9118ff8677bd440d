import { describe, expect, it } from 'vitest';
import { nodePorts, REASON as PORTS_REASON } from '../../../electron/control-plane/scheduler/plugins/nodeports/index.ts';
import { filterAll, makeNode, makePod, snapshotOf } from '../fixtures.ts';

describe('NodePorts', () => {
  const withPort = (name: string, port: number, hostIP?: string, nodeName?: string) =>
    makePod(name, { nodeName, containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: port, hostIP }] }] });
  const snapshot = snapshotOf([makeNode('a'), makeNode('b')], [withPort('existing', 8080, '10.0.0.1', 'a')]);

  it('rejects a host port already bound on the node', () => {
    const r = filterAll(nodePorts(), withPort('p', 8080), snapshot);
    expect(r.a?.reasons).toEqual([PORTS_REASON]);
    expect(r.b).toBeUndefined();
  });

  it('allows the same port on another address, or another port', () => {
    expect(filterAll(nodePorts(), withPort('p', 8080, '10.0.0.2'), snapshot).a).toBeUndefined();
    expect(filterAll(nodePorts(), withPort('p', 9090), snapshot).a).toBeUndefined();
  });
});
