import { describe, expect, it } from 'vitest';
import type { DaemonSet, Deployment, Job, ReplicaSet, ReplicationController, StatefulSet } from '../../api/types.ts';
import { NOW, cells, created, def, problems } from './helpers.ts';

const deployments = def('apps', 'deployments');
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } };
const deployment: Deployment = { metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template } };

describe('deployments', () => {
  it('defaults like apps/v1', () => {
    const d = created(deployments, deployment);
    expect(d.spec).toMatchObject({
      replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    });
    expect(d.spec!.template.spec!.restartPolicy).toBe('Always');
    expect(d.status).toBeUndefined();
    expect(deployments.generation).toBe(true);
    expect(deployments.scale).toMatchObject({ specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' });
  });

  it('rejects a selector that does not match the template labels, in upstream words', () => {
    const d = created(deployments, { ...deployment, spec: { ...deployment.spec!, template: { ...template, metadata: { labels: { app: 'x' } } } } });
    expect(problems(deployments, d)).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`']);
  });

  it('requires a selector and non-negative replicas, and a restart policy of Always', () => {
    const d = created(deployments, { metadata: { name: 'web' }, spec: { replicas: -1, template: { ...template, spec: { ...template.spec, restartPolicy: 'Never' } } } } as unknown as Deployment);
    expect(problems(deployments, d)).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.selector: Required value',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('rejects a rollout that cannot progress', () => {
    const d = created(deployments, { ...deployment, spec: { ...deployment.spec!, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } } });
    expect(problems(deployments, d)).toEqual(['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0']);
  });

  it('keeps the selector immutable', () => {
    const old = created(deployments, deployment);
    const next = structuredClone(old);
    next.spec!.selector = { matchLabels: { app: 'web', tier: 'front' } };
    next.spec!.template.metadata!.labels = { app: 'web', tier: 'front' };
    expect(problems(deployments, next, old)).toEqual(['spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"front"}}: field is immutable']);
  });

  it('prints READY, UP-TO-DATE, AVAILABLE and the wide columns', () => {
    const d = { ...created(deployments, deployment), status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } } as Deployment;
    d.spec!.replicas = 3;
    expect(deployments.columns.map((c) => c.name)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
    expect(deployments.row(d as never, NOW)).toEqual(['web', '2/3', 3, 2, '5m3s', 'web', 'nginx:1.25', 'app=web']);
  });
});

describe('replicasets, statefulsets, daemonsets, replicationcontrollers', () => {
  it('replicasets default replicas and print DESIRED/CURRENT/READY', () => {
    const rs = def('apps', 'replicasets');
    const obj = created<ReplicaSet>(rs, { metadata: { name: 'web-abc' }, spec: { selector: { matchLabels: { app: 'web' } }, template } });
    expect(obj.spec!.replicas).toBe(1);
    expect(problems(rs, obj)).toEqual([]);
    expect(cells(rs, { ...obj, status: { replicas: 1, readyReplicas: 1 } }, NOW)).toMatchObject({ Desired: 1, Current: 1, Ready: 1, Selector: 'app=web' });
  });

  it('statefulsets default their policies and forbid changing other spec fields', () => {
    const sts = def('apps', 'statefulsets');
    const obj = created(sts, { metadata: { name: 'db' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'web' } }, template } }) as StatefulSet;
    expect(obj.spec).toMatchObject({
      replicas: 1, podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    const scaled = structuredClone(obj);
    scaled.spec!.replicas = 3;
    expect(problems(sts, scaled, obj)).toEqual([]);
    const renamed = structuredClone(obj);
    renamed.spec!.serviceName = 'other';
    expect(problems(sts, renamed, obj)).toEqual(["spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"]);
    expect(sts.row({ ...obj, status: { replicas: 1, readyReplicas: 1 } } as never, NOW)).toEqual(['db', '1/1', '5m3s', 'web', 'nginx:1.25']);
  });

  it('daemonsets default a rolling update of one node at a time', () => {
    const ds = def('apps', 'daemonsets');
    const obj = created<DaemonSet>(ds, { metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'web' } }, template } });
    expect(obj.spec!.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(cells(ds, obj, NOW)).toMatchObject({ Desired: 0, 'Node Selector': '<none>' });
  });

  it('replication controllers take their selector from the template labels', () => {
    const rc = def('', 'replicationcontrollers');
    const obj = created<ReplicationController>(rc, { metadata: { name: 'old' }, spec: { template } });
    expect(obj.spec!.selector).toEqual({ app: 'web' });
    expect(problems(rc, obj)).toEqual([]);
    expect(cells(rc, obj, NOW)).toMatchObject({ Desired: 1, Selector: 'app=web' });
  });
});

describe('jobs and cronjobs', () => {
  const jobs = def('batch', 'jobs');
  const job: Job = { metadata: { name: 'pi' }, spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }], restartPolicy: 'Never' } } } };

  it('default one completion and select their pods by uid', () => {
    const obj = created(jobs, job);
    expect(obj.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false });
    expect(obj.spec!.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'uid-1' } });
    expect(obj.spec!.template.metadata!.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi', 'controller-uid': 'uid-1' });
    expect(problems(jobs, obj)).toEqual([]);
  });

  it('need a restart policy of OnFailure or Never', () => {
    const obj = created(jobs, { ...job, spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } } });
    expect(problems(jobs, obj)).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']);
  });

  it('keep their template immutable', () => {
    const old = created(jobs, job);
    const next = structuredClone(old);
    next.spec!.template.spec!.containers[0]!.image = 'perl:5';
    expect(problems(jobs, next, old)[0]).toMatch(/^spec\.template: Invalid value: .*: field is immutable$/);
  });

  it('print STATUS, COMPLETIONS and DURATION', () => {
    const done = { ...created(jobs, job), status: { succeeded: 1, startTime: '2024-05-01T10:00:00Z', completionTime: '2024-05-01T10:00:42Z', conditions: [{ type: 'Complete', status: 'True' }] } };
    expect(cells(jobs, done, NOW)).toMatchObject({ Status: 'Complete', Completions: '1/1', Duration: '42s', Age: '5m3s' });
  });

  it('cronjobs default their policies and check the schedule', () => {
    const cronjobs = def('batch', 'cronjobs');
    const obj = created(cronjobs, { metadata: { name: 'tick' }, spec: { schedule: '*/5 * * *', jobTemplate: { spec: job.spec! } } });
    expect(obj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(problems(cronjobs, obj)).toEqual(['spec.schedule: Invalid value: "*/5 * * *": expected exactly 5 fields, found 4: [*/5 * * *]']);
    expect(cells(cronjobs, { ...obj, spec: { ...obj.spec, schedule: '@hourly' } }, NOW)).toMatchObject({ Schedule: '@hourly', Timezone: '<none>', Suspend: 'False', Active: 0, 'Last Schedule': '<none>' });
  });
});
