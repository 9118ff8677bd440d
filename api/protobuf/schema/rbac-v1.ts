// rbac/v1 (package rbac): Role, RoleBinding, ClusterRole, ClusterRoleBinding.
// Transcribed from the upstream Go types (their protobuf:"…" and json:"…" tags); see ../schema.ts for the notation.
export const RBAC_V1 = `
PolicyRule
 verbs 1 s*
 apiGroups 2 s*
 resources 3 s*
 resourceNames 4 s*
 nonResourceURLs 5 s*
Subject
 kind 1 s!
 apiGroup 2 s
 name 3 s!
 namespace 4 s
RoleRef
 apiGroup 1 s!
 kind 2 s!
 name 3 s!
Role
 metadata 1 meta.ObjectMeta
 rules 2 PolicyRule*
RoleBinding
 metadata 1 meta.ObjectMeta
 subjects 2 Subject*
 roleRef 3 RoleRef
ClusterRole
 metadata 1 meta.ObjectMeta
 rules 2 PolicyRule*
 aggregationRule 3 AggregationRule
AggregationRule
 clusterRoleSelectors 1 meta.LabelSelector*
ClusterRoleBinding
 metadata 1 meta.ObjectMeta
 subjects 2 Subject*
 roleRef 3 RoleRef
`;
