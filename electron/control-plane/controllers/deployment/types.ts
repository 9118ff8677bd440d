// Deployments and ReplicaSets as the deployment controller handles them: API
// objects (metadata always present) with apps/v1's spec and status.
import type { DeploymentCondition, DeploymentSpec, DeploymentStatus, KubeObject, ReplicaSetSpec, ReplicaSetStatus } from '../../../../api/types.ts';

export type DeploymentObject = KubeObject & { spec: DeploymentSpec; status?: DeploymentStatus };
export type ReplicaSetObject = KubeObject & { spec: ReplicaSetSpec; status?: ReplicaSetStatus };
export type { DeploymentCondition, DeploymentStatus };
