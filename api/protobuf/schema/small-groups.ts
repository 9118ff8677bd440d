// coordination/v1 Lease, events/v1 Event, scheduling/v1 PriorityClass, policy/v1 Eviction and PodDisruptionBudget.
// Transcribed from the upstream Go types (their protobuf:"…" and json:"…" tags); see ../schema.ts for the notation.
export const COORDINATION_V1 = `
Lease
 metadata 1 meta.ObjectMeta
 spec 2 LeaseSpec
LeaseSpec
 holderIdentity 1 s!
 leaseDurationSeconds 2 i32!
 acquireTime 3 MicroTime
 renewTime 4 MicroTime
 leaseTransitions 5 i32!
`;

export const EVENTS_V1 = `
Event
 metadata 1 meta.ObjectMeta
 eventTime 2 MicroTime
 series 3 EventSeries
 reportingController 4 s
 reportingInstance 5 s
 action 6 s
 reason 7 s
 regarding 8 core.ObjectReference
 related 9 core.ObjectReference
 note 10 s
 type 11 s
 deprecatedSource 12 core.EventSource
 deprecatedFirstTimestamp 13 Time
 deprecatedLastTimestamp 14 Time
 deprecatedCount 15 i32
EventSeries
 count 1 i32!
 lastObservedTime 2 MicroTime
`;

export const SCHEDULING_V1 = `
PriorityClass
 metadata 1 meta.ObjectMeta
 value 2 i32!
 globalDefault 3 b
 description 4 s
 preemptionPolicy 5 s!
`;

export const POLICY_V1 = `
PodDisruptionBudgetSpec
 minAvailable 1 IntOrString
 selector 2 meta.LabelSelector
 maxUnavailable 3 IntOrString
 unhealthyPodEvictionPolicy 4 s!
PodDisruptionBudgetStatus
 observedGeneration 1 i64
 disruptedPods 2 map<s,Time>
 disruptionsAllowed 3 i32!
 currentHealthy 4 i32!
 desiredHealthy 5 i32!
 expectedPods 6 i32!
 conditions 7 meta.Condition*
PodDisruptionBudget
 metadata 1 meta.ObjectMeta
 spec 2 PodDisruptionBudgetSpec
 status 3 PodDisruptionBudgetStatus
Eviction
 metadata 1 meta.ObjectMeta
 deleteOptions 2 meta.DeleteOptions
`;
