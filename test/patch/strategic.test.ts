import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../electron/control-plane/apiserver/patch/json.ts';
import { applyStrategicMergePatch } from '../../electron/control-plane/apiserver/patch/strategic.ts';
import { deploymentWalker, podWalker } from './fixture-schema.ts';
import { thrown } from '../helpers/thrown.ts';

const pod = (): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, finalizers: ['a/x', 'b/y', 'c/z'] },
  spec: {
    nodeSelector: { disk: 'ssd', zone: 'a' },
    tolerations: [{ key: 'k1', operator: 'Exists' }, { key: 'k2', operator: 'Exists' }],
    containers: [
      { name: 'app', image: 'app:1', args: ['--a', '--b'], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
      { name: 'sidecar', image: 'sidecar:1' },
    ],
  },
});

const patchPod = (patch: JsonObject) => applyStrategicMergePatch(pod(), patch, podWalker);


describe('strategic merge patch: what kubectl apply and edit send', () => {
  it('changes one image in a two-container pod with $setElementOrder/containers', () => {
    const result = patchPod({
      spec: { '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }], containers: [{ name: 'sidecar', image: 'sidecar:2' }] },
    });
    expect((result.spec as JsonObject).containers).toEqual([
      { name: 'app', image: 'app:1', args: ['--a', '--b'], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
      { name: 'sidecar', image: 'sidecar:2' },
    ]);
  });

  it('reorders containers as $setElementOrder says', () => {
    const result = patchPod({ spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }] } });
    expect(((result.spec as JsonObject).containers as JsonObject[]).map((c) => c.name)).toEqual(['sidecar', 'app']);
  });

  it('deletes a container with $patch: delete', () => {
    const result = patchPod({
      spec: { '$setElementOrder/containers': [{ name: 'app' }], containers: [{ $patch: 'delete', name: 'sidecar' }] },
    });
    expect(((result.spec as JsonObject).containers as JsonObject[]).map((c) => c.name)).toEqual(['app']);
  });

  it('adds an env var to a container, in the order kubectl computed', () => {
    const result = patchPod({
      spec: {
        '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
        containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'A' }, { name: 'C' }, { name: 'B' }], env: [{ name: 'C', value: '3' }] }],
      },
    });
    const app = ((result.spec as JsonObject).containers as JsonObject[])[0];
    expect(app.env).toEqual([{ name: 'A', value: '1' }, { name: 'C', value: '3' }, { name: 'B', value: '2' }]);
  });

  it('puts items new to the server first when there is no $setElementOrder, as upstream does', () => {
    const result = patchPod({ spec: { containers: [{ name: 'debug', image: 'busybox' }] } });
    expect(((result.spec as JsonObject).containers as JsonObject[]).map((c) => c.name)).toEqual(['debug', 'app', 'sidecar']);
  });

  it('merges ports by containerPort and replaces atomic args', () => {
    const result = patchPod({
      spec: { containers: [{ name: 'app', args: ['--c'], ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] }] },
    });
    const app = ((result.spec as JsonObject).containers as JsonObject[])[0];
    expect(app.args).toEqual(['--c']);
    expect(app.ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 443 }]);
  });

  it('replaces lists without a merge strategy (tolerations)', () => {
    const result = patchPod({ spec: { tolerations: [{ key: 'k3', operator: 'Exists' }] } });
    expect((result.spec as JsonObject).tolerations).toEqual([{ key: 'k3', operator: 'Exists' }]);
  });

  it('uses $retainKeys to drop the rolling update when the strategy becomes Recreate', () => {
    const deployment = {
      metadata: { name: 'd' },
      spec: { replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
    };
    const result = applyStrategicMergePatch(deployment, {
      spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } },
    }, deploymentWalker);
    expect(result).toEqual({ metadata: { name: 'd' }, spec: { replicas: 2, strategy: { type: 'Recreate' } } });
  });

  it('refuses a $retainKeys list that leaves out a key the patch sets', () => {
    const err = thrown(() => applyStrategicMergePatch({ spec: { strategy: {} } }, {
      spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 1 } } },
    }, deploymentWalker));
    expect(err.code).toBe(400);
    expect(err.message).toBe('invalid patch format of retainKeys');
  });

  it('deletes from finalizers with $deleteFromPrimitiveList/finalizers', () => {
    const result = patchPod({
      metadata: { '$deleteFromPrimitiveList/finalizers': ['b/y'], '$setElementOrder/finalizers': ['a/x', 'c/z'] },
    });
    expect((result.metadata as JsonObject).finalizers).toEqual(['a/x', 'c/z']);
  });

  it('unions primitive merge lists (finalizers), new values first as upstream orders them', () => {
    const result = patchPod({ metadata: { finalizers: ['d/w', 'a/x'] } });
    expect((result.metadata as JsonObject).finalizers).toEqual(['d/w', 'a/x', 'b/y', 'c/z']);
  });

  it('replaces a map with $patch: replace', () => {
    const result = patchPod({ metadata: { labels: { $patch: 'replace', app: 'api' } } });
    expect((result.metadata as JsonObject).labels).toEqual({ app: 'api' });
  });

  it('empties a map with $patch: delete and accepts $patch: merge', () => {
    const result = patchPod({ metadata: { labels: { $patch: 'merge', extra: 'y' } }, spec: { nodeSelector: { $patch: 'delete' } } });
    expect((result.metadata as JsonObject).labels).toEqual({ app: 'web', tier: 'front', extra: 'y' });
    expect((result.spec as JsonObject).nodeSelector).toEqual({});
  });

  it('replaces a whole list with a $patch: replace element', () => {
    const result = patchPod({ spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } });
    expect((result.spec as JsonObject).containers).toEqual([{ name: 'only', image: 'x' }]);
  });

  it('deletes fields set to null and keeps directives out of new values', () => {
    const result = patchPod({
      metadata: { labels: { tier: null } },
      spec: { nodeSelector: null, volumes: [{ name: 'v', emptyDir: { $patch: 'merge', medium: 'Memory', sizeLimit: null } }] },
    });
    expect((result.metadata as JsonObject).labels).toEqual({ app: 'web' });
    expect(result.spec).not.toHaveProperty('nodeSelector');
    expect((result.spec as JsonObject).volumes).toEqual([{ name: 'v', emptyDir: { medium: 'Memory' } }]);
  });

  it('sets cordon the way kubectl sends it', () => {
    const node = { metadata: { name: 'n' }, spec: { podCIDR: '10.0.0.0/24' } };
    expect(applyStrategicMergePatch(node, { spec: { unschedulable: true } }, podWalker))
      .toEqual({ metadata: { name: 'n' }, spec: { podCIDR: '10.0.0.0/24', unschedulable: true } });
  });

  it('never mutates the live object or the patch', () => {
    const live = pod();
    const patch = { spec: { containers: [{ name: 'app', image: 'app:2' }, { name: 'sidecar', $patch: 'delete' }] } };
    const before = JSON.stringify([live, patch]);
    applyStrategicMergePatch(live, patch, podWalker);
    expect(JSON.stringify([live, patch])).toBe(before);
  });

  it('answers malformed directives with upstream wording', () => {
    expect(thrown(() => patchPod({ spec: { containers: [{ image: 'x' }] } })).message)
      .toBe('map: map[image:x] does not contain declared merge key: name');
    expect(thrown(() => patchPod({ metadata: { labels: { $patch: 'explode' } } })).message)
      .toBe('unknown patch type: explode in map: map[$patch:explode]');
    expect(thrown(() => patchPod({ spec: { containers: [{ name: 'app', $patch: 'merge' }] } })).message)
      .toBe('merging lists cannot yet be specified in the patch');
    expect(thrown(() => patchPod({ spec: { '$setElementOrder/containers': 'app' } })).message)
      .toBe('invalid patch format of setElementOrder list');
    expect(thrown(() => patchPod({ metadata: { '$deleteFromPrimitiveList/finalizers': 'a/x' } })).message)
      .toBe('invalid patch format of primitive list');
    const order = thrown(() => patchPod({
      spec: { '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }], containers: [{ name: 'sidecar', image: 's' }, { name: 'app', image: 'a' }] },
    }));
    expect(order.code).toBe(400);
    expect(order.message).toMatch(/^The order in patch list:/);
  });
});
