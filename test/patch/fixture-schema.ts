// A slice of the upstream OpenAPI v3 schemas (same extensions, same shapes:
// allOf-wrapped $refs, additionalProperties maps) covering the Pod and
// Deployment fields the patch tests touch.
import type { OpenAPISchema } from '../../electron/control-plane/apiserver/patch/openapi-walker.ts';
import { openAPIWalker } from '../../electron/control-plane/apiserver/patch/openapi-walker.ts';

const ref = (name: string): OpenAPISchema => ({ allOf: [{ $ref: `#/components/schemas/${name}` }], default: {} });
const str: OpenAPISchema = { type: 'string' };
const int: OpenAPISchema = { type: 'integer' };
const stringMap: OpenAPISchema = { type: 'object', additionalProperties: { type: 'string', default: '' } };
const mapList = (item: string, key: string, keys = [key], strategy = 'merge'): OpenAPISchema => ({
  type: 'array',
  items: ref(item),
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': keys,
  'x-kubernetes-patch-merge-key': key,
  'x-kubernetes-patch-strategy': strategy,
});
const atomicList = (items: OpenAPISchema): OpenAPISchema => ({ type: 'array', items, 'x-kubernetes-list-type': 'atomic' });

const P = 'io.k8s.api.core.v1.';
const A = 'io.k8s.api.apps.v1.';
const M = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

export const schemas: Record<string, OpenAPISchema> = {
  [`${M}ObjectMeta`]: {
    type: 'object',
    properties: {
      name: str, namespace: str, uid: str, resourceVersion: str, generation: int, creationTimestamp: str,
      labels: stringMap,
      annotations: stringMap,
      finalizers: {
        type: 'array', items: { type: 'string', default: '' },
        'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge',
      },
      ownerReferences: mapList(`${M}OwnerReference`, 'uid'),
      managedFields: atomicList(ref(`${M}ManagedFieldsEntry`)),
    },
  },
  [`${M}OwnerReference`]: {
    type: 'object',
    properties: { apiVersion: str, kind: str, name: str, uid: str, controller: { type: 'boolean' } },
  },
  [`${M}ManagedFieldsEntry`]: { type: 'object', properties: { manager: str, operation: str } },
  [`${M}LabelSelector`]: {
    type: 'object',
    properties: { matchLabels: stringMap, matchExpressions: atomicList({ type: 'object' }) },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${P}Pod`]: {
    type: 'object',
    properties: { apiVersion: str, kind: str, metadata: ref(`${M}ObjectMeta`), spec: ref(`${P}PodSpec`), status: ref(`${P}PodStatus`) },
  },
  [`${P}PodSpec`]: {
    type: 'object',
    properties: {
      containers: mapList(`${P}Container`, 'name'),
      initContainers: mapList(`${P}Container`, 'name'),
      volumes: mapList(`${P}Volume`, 'name', ['name'], 'merge,retainKeys'),
      tolerations: atomicList(ref(`${P}Toleration`)),
      nodeSelector: { ...stringMap, 'x-kubernetes-map-type': 'atomic' },
      nodeName: str,
      restartPolicy: str,
    },
  },
  [`${P}Container`]: {
    type: 'object',
    properties: {
      name: str, image: str,
      args: atomicList({ type: 'string', default: '' }),
      command: atomicList({ type: 'string', default: '' }),
      env: mapList(`${P}EnvVar`, 'name'),
      ports: mapList(`${P}ContainerPort`, 'containerPort', ['containerPort', 'protocol']),
      volumeMounts: mapList(`${P}VolumeMount`, 'mountPath'),
      resources: ref(`${P}ResourceRequirements`),
    },
  },
  [`${P}ContainerPort`]: {
    type: 'object',
    properties: { containerPort: int, protocol: { type: 'string', default: 'TCP' }, name: str, hostPort: int },
  },
  [`${P}EnvVar`]: { type: 'object', properties: { name: str, value: str } },
  [`${P}VolumeMount`]: { type: 'object', properties: { name: str, mountPath: str, readOnly: { type: 'boolean' } } },
  [`${P}Volume`]: {
    type: 'object',
    properties: {
      name: str,
      configMap: { type: 'object', properties: { name: str } },
      emptyDir: { type: 'object', properties: { medium: str } },
    },
  },
  [`${P}Toleration`]: { type: 'object', properties: { key: str, operator: str, value: str, effect: str } },
  [`${P}ResourceRequirements`]: { type: 'object', properties: { limits: stringMap, requests: stringMap } },
  [`${P}PodStatus`]: {
    type: 'object',
    properties: { phase: str, conditions: mapList(`${P}PodCondition`, 'type') },
  },
  [`${P}PodCondition`]: { type: 'object', properties: { type: str, status: str, reason: str } },
  [`${P}PodTemplateSpec`]: { type: 'object', properties: { metadata: ref(`${M}ObjectMeta`), spec: ref(`${P}PodSpec`) } },
  [`${A}Deployment`]: {
    type: 'object',
    properties: { apiVersion: str, kind: str, metadata: ref(`${M}ObjectMeta`), spec: ref(`${A}DeploymentSpec`), status: ref(`${A}DeploymentStatus`) },
  },
  [`${A}DeploymentSpec`]: {
    type: 'object',
    properties: {
      replicas: int,
      minReadySeconds: int,
      selector: ref(`${M}LabelSelector`),
      template: ref(`${P}PodTemplateSpec`),
      strategy: { ...ref(`${A}DeploymentStrategy`), 'x-kubernetes-patch-strategy': 'retainKeys' },
    },
  },
  [`${A}DeploymentStrategy`]: {
    type: 'object',
    properties: { type: str, rollingUpdate: ref(`${A}RollingUpdateDeployment`) },
  },
  [`${A}RollingUpdateDeployment`]: { type: 'object', properties: { maxSurge: str, maxUnavailable: str } },
  [`${A}DeploymentStatus`]: {
    type: 'object',
    properties: { replicas: int, conditions: mapList(`${A}DeploymentCondition`, 'type') },
  },
  [`${A}DeploymentCondition`]: { type: 'object', properties: { type: str, status: str } },
};

export const podWalker = openAPIWalker(schemas, `${P}Pod`);
export const deploymentWalker = openAPIWalker(schemas, `${A}Deployment`);
