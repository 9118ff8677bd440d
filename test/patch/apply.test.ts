import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types.ts';
import { applyPatch, updateManagedFields } from '../../electron/control-plane/apiserver/patch/apply.ts';
import type { ApplyOptions } from '../../electron/control-plane/apiserver/patch/apply.ts';
import { deploymentWalker, podWalker } from './fixture-schema.ts';
import { thrown } from '../helpers/thrown.ts';

const T1 = '2025-01-01T00:00:01Z';
const T2 = '2025-01-01T00:00:02Z';
const T3 = '2025-01-01T00:00:03Z';
const ssa = (now: string, extra: Partial<ApplyOptions> = {}): ApplyOptions =>
  ({ manager: 'kubectl', force: false, apiVersion: 'apps/v1', now, walker: deploymentWalker, ...extra });

function config(labels: Record<string, string>, replicas = 2): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}


const appliedFields = (labels: string[]) => ({
  'f:metadata': { 'f:labels': Object.fromEntries(labels.map((l) => [`f:${l}`, {}])) },
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"app"}': {
            '.': {}, 'f:image': {}, 'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
      },
    },
  },
});

describe('server-side apply', () => {
  it('first apply creates the object with the applier\'s managedFields entry', () => {
    const created = applyPatch(undefined, config({ app: 'web', tier: 'front' }), ssa(T1));
    expect(created).toEqual({
      ...config({ app: 'web', tier: 'front' }),
      metadata: {
        name: 'web', namespace: 'default', labels: { app: 'web', tier: 'front' },
        managedFields: [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: appliedFields(['app', 'tier']) }],
      },
    });
    // FieldsV1 is written in structured-merge-diff's order: "." first, then fields by name.
    expect(JSON.stringify(created.metadata.managedFields?.[0].fieldsV1)).toBe(JSON.stringify(appliedFields(['app', 'tier'])));
  });

  it('a second apply without a label removes the label and its ownership', () => {
    const live = applyPatch(undefined, config({ app: 'web', tier: 'front' }), ssa(T1));
    const next = applyPatch(live, config({ app: 'web' }), ssa(T2));
    expect(next.metadata.labels).toEqual({ app: 'web' });
    expect(next.metadata.managedFields).toEqual([
      { manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: T2, fieldsType: 'FieldsV1', fieldsV1: appliedFields(['app']) },
    ]);
    expect(live.metadata.labels).toEqual({ app: 'web', tier: 'front' });
  });

  it('keeps a field it stops applying when another manager owns it too', () => {
    const live = applyPatch(undefined, config({ app: 'web', tier: 'front' }), ssa(T1));
    const shared = applyPatch(live, config({ tier: 'front' }), ssa(T2, { manager: 'other' }));
    const next = applyPatch(shared, config({ app: 'web' }), ssa(T3));
    expect(next.metadata.labels).toEqual({ app: 'web', tier: 'front' });
  });

  it('an unchanged re-apply keeps the entry\'s time', () => {
    const live = applyPatch(undefined, config({ app: 'web' }), ssa(T1));
    expect(applyPatch(live, config({ app: 'web' }), ssa(T2)).metadata.managedFields?.[0].time).toBe(T1);
  });

  it('changing a field another manager owns is a 409 naming the manager and the field', () => {
    const live = config({ app: 'web' });
    updateManagedFields(undefined, live, { manager: 'kubectl-client-side-apply', apiVersion: 'apps/v1', now: T1, walker: deploymentWalker });
    const err = thrown(() => applyPatch(live, config({ app: 'web' }, 3), ssa(T2)));
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    expect(err.details?.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' },
    ]);
  });

  it('lists every conflict, grouped by manager', () => {
    const live = config({ app: 'web' });
    updateManagedFields(undefined, live, { manager: 'kubectl-create', apiVersion: 'apps/v1', now: T1, walker: deploymentWalker });
    const applied = config({ app: 'api' }, 3);
    const err = thrown(() => applyPatch(live, applied, ssa(T2)));
    expect(err.message).toBe('Apply failed with 2 conflicts: conflicts with "kubectl-create" using apps/v1:\n- .metadata.labels.app\n- .spec.replicas');
    expect(err.details?.causes?.map((c) => c.field)).toEqual(['.metadata.labels.app', '.spec.replicas']);
  });

  it('applying the value another manager already set shares ownership without conflict', () => {
    const live = config({ app: 'web' });
    updateManagedFields(undefined, live, { manager: 'kubectl-create', apiVersion: 'apps/v1', now: T1, walker: deploymentWalker });
    const next = applyPatch(live, config({ app: 'web' }), ssa(T2));
    const [apply, update] = next.metadata.managedFields ?? [];
    expect([apply.manager, apply.operation, update.manager, update.operation]).toEqual(['kubectl', 'Apply', 'kubectl-create', 'Update']);
    expect((update.fieldsV1 as Record<string, Record<string, unknown>>)['f:spec']['f:replicas']).toEqual({});
    expect((apply.fieldsV1 as Record<string, Record<string, unknown>>)['f:spec']['f:replicas']).toEqual({});
  });

  it('force takes ownership from the other manager', () => {
    const live = config({ app: 'web' });
    updateManagedFields(undefined, live, { manager: 'kubectl-client-side-apply', apiVersion: 'apps/v1', now: T1, walker: deploymentWalker });
    const next = applyPatch(live, config({ app: 'web' }, 3), ssa(T2, { force: true }));
    expect((next.spec as { replicas: number }).replicas).toBe(3);
    const update = next.metadata.managedFields?.find((m) => m.operation === 'Update');
    expect((update?.fieldsV1 as Record<string, Record<string, unknown>>)['f:spec']).not.toHaveProperty('f:replicas');
    const apply = next.metadata.managedFields?.find((m) => m.operation === 'Apply');
    expect((apply?.fieldsV1 as Record<string, Record<string, unknown>>)['f:spec']['f:replicas']).toEqual({});
  });

  it('merges map lists by key: live items stay, applied items merge in the applied order', () => {
    const live: KubeObject = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { containers: [{ name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] }, { name: 'sidecar', image: 's:1' }] },
    };
    updateManagedFields(undefined, live, { manager: 'creator', apiVersion: 'v1', now: T1, walker: podWalker });
    const applied: KubeObject = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { containers: [{ name: 'debug', image: 'busybox' }, { name: 'app', env: [{ name: 'B', value: '2' }], ports: [{ containerPort: 8080 }] }] },
    };
    const next = applyPatch(live, applied, { manager: 'kubectl', force: false, apiVersion: 'v1', now: T2, walker: podWalker });
    expect((next.spec as { containers: unknown[] }).containers).toEqual([
      { name: 'debug', image: 'busybox' },
      { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 8080 }] },
      { name: 'sidecar', image: 's:1' },
    ]);
    expect(next.metadata.managedFields?.[0]).toEqual({
      manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: T2, fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:spec': {
          'f:containers': {
            'k:{"name":"app"}': {
              '.': {}, 'f:env': { 'k:{"name":"B"}': { '.': {}, 'f:name': {}, 'f:value': {} } }, 'f:name': {},
              'f:ports': { 'k:{"containerPort":8080,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
            },
            'k:{"name":"debug"}': { '.': {}, 'f:image': {}, 'f:name': {} },
          },
        },
      },
    });
  });

  it('removes a list item the applier alone owned, and keeps one another manager owns', () => {
    const pod = (containers: object[]): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers } });
    const opts = { manager: 'kubectl', force: false, apiVersion: 'v1', now: T1, walker: podWalker };
    const live = applyPatch(undefined, pod([{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }]), opts);
    const shared = applyPatch(live, pod([{ name: 'b', image: 'b' }]), { ...opts, manager: 'other' });
    const next = applyPatch(shared, pod([]), { ...opts, now: T2 });
    expect((next.spec as { containers: unknown[] }).containers).toEqual([{ name: 'b', image: 'b' }]);
  });

  it('refuses configurations with managedFields or duplicate list keys', () => {
    const withFields = config({ app: 'web' });
    withFields.metadata.managedFields = [];
    expect(thrown(() => applyPatch(undefined, withFields, ssa(T1))).message).toBe('metadata.managedFields must be nil');
    const duplicate = config({ app: 'web' });
    (duplicate.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push({ name: 'app', image: 'x' });
    const err = thrown(() => applyPatch(undefined, duplicate, ssa(T1)));
    expect(err.code).toBe(400);
    expect(err.message).toBe('failed to create typed patch object (apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="app"]');
  });
});

describe('managedFields for ordinary writes', () => {
  const pod = (image: string, labels?: Record<string, string>): KubeObject => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'p', uid: 'u1', resourceVersion: '5', ...(labels ? { labels } : {}) },
    spec: { containers: [{ name: 'app', image }] },
  });
  const opts = (manager: string, now: string) => ({ manager, apiVersion: 'v1', now, walker: podWalker });

  it('create records every field the writer set, except identity and server metadata', () => {
    const created = pod('app:1', { app: 'web' });
    updateManagedFields(undefined, created, opts('kubectl-create', T1));
    expect(created.metadata.managedFields).toEqual([{
      manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': { '.': {}, 'f:containers': { '.': {}, 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
      },
    }]);
  });

  it('an edit takes the fields it changed from their previous owner', () => {
    const created = pod('app:1', { app: 'web' });
    updateManagedFields(undefined, created, opts('kubectl-create', T1));
    const edited = { ...pod('app:2', { app: 'web' }), metadata: { ...created.metadata } };
    updateManagedFields(created, edited, opts('kubectl-edit', T2));
    const [create, edit] = edited.metadata.managedFields ?? [];
    expect(create.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { '.': {}, 'f:containers': { '.': {}, 'k:{"name":"app"}': { '.': {}, 'f:name': {} } } },
    });
    expect(edit).toEqual({
      manager: 'kubectl-edit', operation: 'Update', apiVersion: 'v1', time: T2, fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { 'f:image': {} } } } },
    });
  });

  it('a write that changes nothing adds no entry, and removed fields lose their owners', () => {
    const created = pod('app:1', { app: 'web' });
    updateManagedFields(undefined, created, opts('kubectl-create', T1));
    const same = { ...pod('app:1', { app: 'web' }), metadata: { ...created.metadata } };
    updateManagedFields(created, same, opts('noop', T2));
    expect(same.metadata.managedFields?.map((m) => m.manager)).toEqual(['kubectl-create']);

    const unlabelled = { ...pod('app:1'), metadata: { ...created.metadata, labels: undefined } };
    delete unlabelled.metadata.labels;
    updateManagedFields(created, unlabelled, opts('kubectl-label', T3));
    expect(unlabelled.metadata.managedFields).toEqual([{
      manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { '.': {}, 'f:containers': { '.': {}, 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
    }]);
  });

  it('an empty managedFields list in the request resets them', () => {
    const created = pod('app:1');
    updateManagedFields(undefined, created, opts('kubectl-create', T1));
    const replaced: KubeObject = { ...pod('app:2'), metadata: { ...created.metadata, managedFields: [] } };
    updateManagedFields(created, replaced, opts('kubectl-replace', T2));
    expect(replaced.metadata.managedFields?.map((m) => m.manager)).toEqual(['kubectl-replace']);
  });
});
