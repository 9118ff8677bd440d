// The list/map/struct markers upstream's Go types carry as comments
// (+patchMergeKey, +patchStrategy, +listType, +listMapKey, +mapType) and that
// therefore are not in the TypeScript types. Strategic merge patch, server-side
// apply and kubectl's client-side apply read them from the OpenAPI documents.
// The generator merges this table into definitions.json and fails on a key that
// names no definition or property, so the table cannot silently rot.
import type { SchemaExtensions } from './schema.ts';

const CORE = 'io.k8s.api.core.v1.';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const APPS = 'io.k8s.api.apps.v1.';
const BATCH = 'io.k8s.api.batch.v1.';
const HPA2 = 'io.k8s.api.autoscaling.v2.';
const POLICY = 'io.k8s.api.policy.v1.';
const RBAC = 'io.k8s.api.rbac.v1.';
const NET = 'io.k8s.api.networking.v1.';
const DISCOVERY = 'io.k8s.api.discovery.v1.';

function mergeBy(key: string, strategy = 'merge'): SchemaExtensions {
  return { 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': strategy };
}
function mapList(...keys: string[]): SchemaExtensions {
  return { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys };
}
const atomic: SchemaExtensions = { 'x-kubernetes-list-type': 'atomic' };
const set: SchemaExtensions = { 'x-kubernetes-list-type': 'set' };
const byType = mergeBy('type');

function each(definitions: string[], property: string, ext: SchemaExtensions): Array<[string, SchemaExtensions]> {
  return definitions.map((d) => [`${d}.${property}`, ext]);
}

const containers = [`${CORE}Container`, `${CORE}EphemeralContainer`];

/** Keyed by `<definition>.<property>`. */
export const propertyExtensions: Record<string, SchemaExtensions> = Object.fromEntries([
  // Containers (and ephemeral containers, which share the shape).
  ...each(containers, 'env', mergeBy('name')),
  ...each(containers, 'ports', { ...mergeBy('containerPort'), ...mapList('containerPort', 'protocol') }),
  ...each(containers, 'volumeMounts', mergeBy('mountPath')),
  ...each(containers, 'volumeDevices', mergeBy('devicePath')),
  ...each(containers, 'resizePolicy', atomic),
  ...each(containers, 'args', atomic),
  ...each(containers, 'command', atomic),
  ...each(containers, 'envFrom', atomic),
  [`${CORE}Capabilities.add`, atomic],
  [`${CORE}Capabilities.drop`, atomic],

  // Pods.
  [`${CORE}PodSpec.containers`, mergeBy('name')],
  [`${CORE}PodSpec.initContainers`, mergeBy('name')],
  [`${CORE}PodSpec.ephemeralContainers`, mergeBy('name')],
  [`${CORE}PodSpec.volumes`, mergeBy('name', 'merge,retainKeys')],
  [`${CORE}PodSpec.imagePullSecrets`, mergeBy('name')],
  [`${CORE}PodSpec.hostAliases`, mergeBy('ip')],
  [`${CORE}PodSpec.tolerations`, atomic],
  [`${CORE}PodSpec.readinessGates`, atomic],
  [`${CORE}PodSpec.topologySpreadConstraints`, { ...mergeBy('topologyKey'), ...mapList('topologyKey', 'whenUnsatisfiable') }],
  [`${CORE}PodSpec.resourceClaims`, { ...mergeBy('name', 'merge,retainKeys'), ...mapList('name') }],
  [`${CORE}PodSpec.schedulingGates`, { ...mergeBy('name'), ...mapList('name') }],
  [`${CORE}PodSecurityContext.supplementalGroups`, atomic],
  [`${CORE}PodSecurityContext.sysctls`, atomic],
  [`${CORE}PodStatus.conditions`, byType],
  [`${CORE}PodStatus.podIPs`, mergeBy('ip')],
  [`${CORE}PodStatus.hostIPs`, { ...mergeBy('ip'), ...atomic }],
  [`${CORE}PodStatus.containerStatuses`, atomic],
  [`${CORE}PodStatus.initContainerStatuses`, atomic],
  [`${CORE}PodStatus.ephemeralContainerStatuses`, atomic],
  [`${CORE}TopologySpreadConstraint.matchLabelKeys`, atomic],
  [`${CORE}PodAffinityTerm.namespaces`, atomic],
  [`${CORE}PodAffinityTerm.matchLabelKeys`, atomic],
  [`${CORE}PodAffinityTerm.mismatchLabelKeys`, atomic],
  [`${CORE}PodAffinity.requiredDuringSchedulingIgnoredDuringExecution`, atomic],
  [`${CORE}PodAffinity.preferredDuringSchedulingIgnoredDuringExecution`, atomic],
  [`${CORE}PodAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution`, atomic],
  [`${CORE}PodAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution`, atomic],
  [`${CORE}NodeAffinity.preferredDuringSchedulingIgnoredDuringExecution`, atomic],
  [`${CORE}NodeSelector.nodeSelectorTerms`, atomic],
  [`${CORE}NodeSelectorTerm.matchExpressions`, atomic],
  [`${CORE}NodeSelectorTerm.matchFields`, atomic],
  [`${CORE}NodeSelectorRequirement.values`, atomic],

  // Services, endpoints, nodes, namespaces and the rest of core.
  [`${CORE}ServiceSpec.ports`, { ...mergeBy('port'), ...mapList('port', 'protocol') }],
  [`${CORE}ServiceSpec.clusterIPs`, atomic],
  [`${CORE}ServiceSpec.externalIPs`, atomic],
  [`${CORE}ServiceSpec.ipFamilies`, atomic],
  [`${CORE}ServiceSpec.loadBalancerSourceRanges`, atomic],
  [`${CORE}ServiceStatus.conditions`, { ...byType, ...mapList('type') }],
  [`${CORE}LoadBalancerStatus.ingress`, atomic],
  [`${CORE}Endpoints.subsets`, atomic],
  [`${CORE}EndpointSubset.addresses`, atomic],
  [`${CORE}EndpointSubset.notReadyAddresses`, atomic],
  [`${CORE}EndpointSubset.ports`, atomic],
  [`${CORE}NodeSpec.taints`, atomic],
  [`${CORE}NodeSpec.podCIDRs`, { 'x-kubernetes-patch-strategy': 'merge', ...set }],
  [`${CORE}NodeStatus.conditions`, byType],
  [`${CORE}NodeStatus.addresses`, byType],
  [`${CORE}NodeStatus.images`, atomic],
  [`${CORE}NodeStatus.volumesInUse`, atomic],
  [`${CORE}NodeStatus.volumesAttached`, atomic],
  [`${CORE}NamespaceSpec.finalizers`, atomic],
  [`${CORE}NamespaceStatus.conditions`, byType],
  [`${CORE}ReplicationControllerStatus.conditions`, byType],
  [`${CORE}PersistentVolumeClaimSpec.accessModes`, atomic],
  [`${CORE}PersistentVolumeClaimStatus.conditions`, byType],
  [`${CORE}ServiceAccount.secrets`, mergeBy('name')],
  [`${CORE}ServiceAccount.imagePullSecrets`, atomic],

  // Object metadata, selectors, status.
  [`${META}ObjectMeta.finalizers`, { 'x-kubernetes-patch-strategy': 'merge', ...set }],
  [`${META}ObjectMeta.ownerReferences`, { ...mergeBy('uid'), ...mapList('uid') }],
  [`${META}ObjectMeta.managedFields`, atomic],
  [`${META}LabelSelector.matchExpressions`, atomic],
  [`${META}LabelSelectorRequirement.values`, atomic],
  [`${META}StatusDetails.causes`, atomic],

  // Workloads.
  [`${APPS}DeploymentSpec.strategy`, { 'x-kubernetes-patch-strategy': 'retainKeys' }],
  [`${APPS}DeploymentStatus.conditions`, byType],
  [`${APPS}ReplicaSetStatus.conditions`, byType],
  [`${APPS}StatefulSetStatus.conditions`, byType],
  [`${APPS}DaemonSetStatus.conditions`, byType],
  [`${APPS}StatefulSetSpec.volumeClaimTemplates`, atomic],
  [`${BATCH}JobStatus.conditions`, { ...byType, ...atomic }],
  [`${BATCH}CronJobStatus.active`, atomic],
  [`${BATCH}PodFailurePolicy.rules`, atomic],
  [`${BATCH}PodFailurePolicyRule.onPodConditions`, atomic],
  [`${BATCH}PodFailurePolicyOnExitCodesRequirement.values`, set],
  [`${HPA2}HorizontalPodAutoscalerSpec.metrics`, atomic],
  [`${HPA2}HorizontalPodAutoscalerStatus.conditions`, { ...byType, ...mapList('type') }],
  [`${HPA2}HorizontalPodAutoscalerStatus.currentMetrics`, atomic],
  [`${HPA2}HPAScalingRules.policies`, atomic],
  [`${POLICY}PodDisruptionBudgetStatus.conditions`, { ...byType, ...mapList('type') }],

  // RBAC, networking, discovery.
  [`${RBAC}Role.rules`, atomic],
  [`${RBAC}ClusterRole.rules`, atomic],
  [`${RBAC}RoleBinding.subjects`, atomic],
  [`${RBAC}ClusterRoleBinding.subjects`, atomic],
  [`${RBAC}AggregationRule.clusterRoleSelectors`, atomic],
  ...['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'].map(
    (p): [string, SchemaExtensions] => [`${RBAC}PolicyRule.${p}`, atomic],
  ),
  [`${NET}NetworkPolicySpec.ingress`, atomic],
  [`${NET}NetworkPolicySpec.egress`, atomic],
  [`${NET}NetworkPolicySpec.policyTypes`, atomic],
  [`${NET}NetworkPolicyIngressRule.ports`, atomic],
  [`${NET}NetworkPolicyIngressRule.from`, atomic],
  [`${NET}NetworkPolicyEgressRule.ports`, atomic],
  [`${NET}NetworkPolicyEgressRule.to`, atomic],
  [`${NET}IngressSpec.rules`, atomic],
  [`${NET}IngressSpec.tls`, atomic],
  [`${NET}IngressTLS.hosts`, atomic],
  [`${NET}HTTPIngressRuleValue.paths`, atomic],
  [`${DISCOVERY}EndpointSlice.endpoints`, atomic],
  [`${DISCOVERY}EndpointSlice.ports`, atomic],
  [`${DISCOVERY}Endpoint.addresses`, set],
]);

const atomicStruct: SchemaExtensions = { 'x-kubernetes-map-type': 'atomic' };

/** Keyed by definition name: markers on the type itself. */
export const definitionExtensions: Record<string, SchemaExtensions> = {
  // Structs that server-side apply replaces as a whole (+structType=atomic).
  [`${CORE}ObjectReference`]: atomicStruct,
  [`${CORE}LocalObjectReference`]: atomicStruct,
  [`${CORE}TypedLocalObjectReference`]: atomicStruct,
  [`${CORE}SecretReference`]: atomicStruct,
  [`${CORE}ConfigMapKeySelector`]: atomicStruct,
  [`${CORE}SecretKeySelector`]: atomicStruct,
  [`${CORE}ObjectFieldSelector`]: atomicStruct,
  [`${CORE}ResourceFieldSelector`]: atomicStruct,
  [`${CORE}NodeSelector`]: atomicStruct,
  [`${CORE}NodeSelectorTerm`]: atomicStruct,
  [`${CORE}TopologySelectorTerm`]: atomicStruct,
  [`${META}LabelSelector`]: atomicStruct,
  // Status's kind is a plain string in the types, but it is a v1 kind upstream.
  [`${META}Status`]: { 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Status' }] },
};
