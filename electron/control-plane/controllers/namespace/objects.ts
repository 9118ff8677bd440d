// Upstream's typed objects with the metadata every stored object has, as the
// informers and the Client hand them out. Shared by the cluster controllers; it
// belongs in a controllers/common folder once there is one.
import type {
  Endpoints as ApiEndpoints, EndpointSlice as ApiEndpointSlice, KubeObject, Lease as ApiLease, Namespace as ApiNamespace,
  Node as ApiNode, Pod as ApiPod, Service as ApiService, ServiceAccount as ApiServiceAccount,
} from '../../../../api/types.ts';

export type Endpoints = ApiEndpoints & KubeObject;
export type EndpointSlice = ApiEndpointSlice & KubeObject;
export type Lease = ApiLease & KubeObject;
export type Namespace = ApiNamespace & KubeObject;
export type Node = ApiNode & KubeObject;
export type Pod = ApiPod & KubeObject;
export type Service = ApiService & KubeObject;
export type ServiceAccount = ApiServiceAccount & KubeObject;
