import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types.ts';
import type { PatchContext } from '../../electron/control-plane/apiserver/patch/index.ts';
import { applyPatchByContentType } from '../../electron/control-plane/apiserver/patch/index.ts';
import { podWalker } from './fixture-schema.ts';
import { thrown } from '../helpers/thrown.ts';

const live = (): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'app:1' }] },
});
const ctx: PatchContext = { manager: 'kubectl', force: false, apiVersion: 'v1', now: '2025-01-01T00:00:00Z', walker: podWalker };


describe('applyPatchByContentType', () => {
  it('applies a JSON patch, decoded or as request text', () => {
    const ops = [{ op: 'replace', path: '/spec/containers/0/image', value: 'app:2' }];
    expect((applyPatchByContentType('application/json-patch+json', live(), ops, ctx).spec as { containers: unknown[] }).containers)
      .toEqual([{ name: 'app', image: 'app:2' }]);
    expect(applyPatchByContentType('application/json-patch+json', live(), JSON.stringify(ops), ctx))
      .toEqual(applyPatchByContentType('application/json-patch+json', live(), ops, ctx));
  });

  it('applies a merge patch (kubectl label), ignoring media type parameters', () => {
    const result = applyPatchByContentType('application/merge-patch+json; charset=utf-8', live(), { metadata: { labels: { app: null, tier: 'x' } } }, ctx);
    expect(result.metadata.labels).toEqual({ tier: 'x' });
  });

  it('applies a strategic merge patch with the kind\'s schema', () => {
    const result = applyPatchByContentType('application/strategic-merge-patch+json', live(), { spec: { containers: [{ name: 'app', image: 'app:3' }] } }, ctx);
    expect((result.spec as { containers: unknown[] }).containers).toEqual([{ name: 'app', image: 'app:3' }]);
  });

  it('refuses strategic merge patches for kinds without a schema with 415', () => {
    const err = thrown(() => applyPatchByContentType('application/strategic-merge-patch+json', live(), {}, { ...ctx, walker: undefined }));
    expect([err.code, err.reason, err.message]).toEqual([415, 'UnsupportedMediaType', 'strategic merge patch format is not supported']);
  });

  it('server-side applies a YAML body, creating the object when there is none', () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1\n';
    const created = applyPatchByContentType('application/apply-patch+yaml', undefined, yaml, ctx);
    expect(created).toEqual({
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name: 'p',
        managedFields: [{
          manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
        }],
      },
      spec: { containers: [{ name: 'app', image: 'app:1' }] },
    });
  });

  it('answers unknown and unsupported media types with 415', () => {
    expect(thrown(() => applyPatchByContentType('application/apply-patch+cbor', live(), {}, ctx)).code).toBe(415);
    const err = thrown(() => applyPatchByContentType('text/plain', live(), {}, ctx));
    expect([err.code, err.reason]).toEqual([415, 'UnsupportedMediaType']);
  });

  it('answers malformed bodies with 400', () => {
    expect(thrown(() => applyPatchByContentType('application/merge-patch+json', live(), '{not json', ctx)).code).toBe(400);
    expect(thrown(() => applyPatchByContentType('application/merge-patch+json', live(), [1], ctx)).message).toBe('Invalid JSON Patch');
    expect(thrown(() => applyPatchByContentType('application/strategic-merge-patch+json', live(), [], ctx)).code).toBe(400);
    expect(thrown(() => applyPatchByContentType('application/json-patch+json', live(), { op: 'add' }, ctx)).code).toBe(400);
    expect(thrown(() => applyPatchByContentType('application/apply-patch+yaml', live(), 'a: [b', ctx)).code).toBe(400);
    expect(thrown(() => applyPatchByContentType('application/apply-patch+yaml', live(), '- a', ctx)).code).toBe(400);
  });
});
