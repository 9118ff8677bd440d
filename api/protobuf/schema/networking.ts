// networking/v1 Ingress and discovery/v1 EndpointSlice.
// Transcribed from the upstream Go types (their protobuf:"…" and json:"…" tags); see ../schema.ts for the notation.
export const DISCOVERY_V1 = `
EndpointSlice
 metadata 1 meta.ObjectMeta
 addressType 4 s!
 endpoints 2 Endpoint*
 ports 3 EndpointPort*
Endpoint
 addresses 1 s*
 conditions 2 EndpointConditions
 hostname 3 s!
 targetRef 4 core.ObjectReference
 deprecatedTopology 5 map<s,s>
 nodeName 6 s!
 zone 7 s!
 hints 8 EndpointHints
EndpointConditions
 ready 1 b!
 serving 2 b!
 terminating 3 b!
EndpointHints
 forZones 1 ForZone*
ForZone
 name 1 s!
EndpointPort
 name 1 s!
 protocol 2 s!
 port 3 i32!
 appProtocol 4 s!
`;

export const NETWORKING_V1 = `
Ingress
 metadata 1 meta.ObjectMeta
 spec 2 IngressSpec
 status 3 IngressStatus
IngressSpec
 ingressClassName 4 s!
 defaultBackend 1 IngressBackend
 tls 2 IngressTLS*
 rules 3 IngressRule*
IngressTLS
 hosts 1 s*
 secretName 2 s
IngressStatus
 loadBalancer 1 IngressLoadBalancerStatus
IngressLoadBalancerStatus
 ingress 1 IngressLoadBalancerIngress*
IngressLoadBalancerIngress
 ip 1 s
 hostname 2 s
 ports 4 IngressPortStatus*
IngressPortStatus
 port 1 i32!
 protocol 2 s!
 error 3 s!
IngressRule
 host 1 s
 ^ 2 IngressRuleValue
IngressRuleValue
 http 1 HTTPIngressRuleValue
HTTPIngressRuleValue
 paths 1 HTTPIngressPath*
HTTPIngressPath
 path 1 s
 pathType 3 s!
 backend 2 IngressBackend
IngressBackend
 service 4 IngressServiceBackend
 resource 3 core.TypedLocalObjectReference
IngressServiceBackend
 name 1 s!
 port 2 ServiceBackendPort
ServiceBackendPort
 name 1 s
 number 2 i32
`;
