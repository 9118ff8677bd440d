import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../electron/control-plane/apiserver/patch/apply.ts';
import { walkerFor } from '../../electron/control-plane/apiserver/patch/openapi-walker.ts';
import { listKindOf } from '../../electron/control-plane/apiserver/patch/schema.ts';
import { podWalker } from './fixture-schema.ts';

describe('OpenAPI schema walker', () => {
  it('follows allOf-wrapped refs and reads the list extensions of the property', () => {
    const containers = podWalker.field('spec')?.field('containers');
    expect(containers?.meta()).toEqual({
      patchMergeKey: 'name', patchStrategy: 'merge', listType: 'map', listMapKeys: ['name'],
    });
    expect(containers?.items()?.field('ports')?.items()?.field('protocol')?.meta()).toEqual({ default: 'TCP' });
  });

  it('treats additionalProperties as map values, not declared fields', () => {
    const labels = podWalker.field('metadata')?.field('labels');
    expect(labels?.field('app')).toBeUndefined();
    expect(labels?.items()?.meta()).toEqual({ default: '' });
  });

  it('serves the generated definitions of the built-in kinds', () => {
    const deployment = walkerFor('io.k8s.api.apps.v1.Deployment');
    const pod = deployment?.field('spec')?.field('template')?.field('spec');
    expect(listKindOf(pod?.field('containers'))).toEqual({ type: 'map', keys: ['name'] });
    expect(listKindOf(pod?.field('containers')?.items()?.field('ports'))).toEqual({ type: 'map', keys: ['containerPort', 'protocol'] });
    expect(listKindOf(deployment?.field('metadata')?.field('finalizers'))).toEqual({ type: 'set' });
    expect(deployment?.field('spec')?.field('strategy')?.meta().patchStrategy).toBe('retainKeys');
    expect(deployment?.field('spec')?.field('selector')?.meta().mapType).toBe('atomic');
    expect(walkerFor('com.example.v1.Widget')).toBeUndefined();
  });

  it('knows upstream\'s default for optional list-map keys, so applied ports match defaulted live ones', () => {
    const pod = walkerFor('io.k8s.api.core.v1.Pod');
    const protocol = pod?.field('spec')?.field('containers')?.items()?.field('ports')?.items()?.field('protocol');
    expect(protocol?.meta().default).toBe('TCP');
    const live = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } };
    const applied = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'http' }] }] } };
    const next = applyPatch(live, applied, { manager: 'kubectl', force: false, apiVersion: 'v1', now: '2025-01-01T00:00:00Z', walker: pod });
    expect(next.spec).toEqual({ containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }] }] });
    expect(walkerFor('io.k8s.api.core.v1.Service')?.field('spec')?.field('ports')?.items()?.field('protocol')?.meta().default).toBe('TCP');
  });
});
