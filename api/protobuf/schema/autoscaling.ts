// autoscaling/v1 (package autoscalingv1): HorizontalPodAutoscaler and Scale;
// autoscaling/v2 (package autoscalingv2): HorizontalPodAutoscaler with metrics and behavior.
// Transcribed from the upstream Go types (their protobuf:"…" and json:"…" tags); see ../schema.ts for the notation.
export const AUTOSCALING_V1 = `
CrossVersionObjectReference
 kind 1 s!
 name 2 s!
 apiVersion 3 s
HorizontalPodAutoscalerSpec
 scaleTargetRef 1 CrossVersionObjectReference
 minReplicas 2 i32!
 maxReplicas 3 i32!
 targetCPUUtilizationPercentage 4 i32!
HorizontalPodAutoscalerStatus
 observedGeneration 1 i64!
 lastScaleTime 2 meta.Time
 currentReplicas 3 i32!
 desiredReplicas 4 i32!
 currentCPUUtilizationPercentage 5 i32!
HorizontalPodAutoscaler
 metadata 1 meta.ObjectMeta
 spec 2 HorizontalPodAutoscalerSpec
 status 3 HorizontalPodAutoscalerStatus
Scale
 metadata 1 meta.ObjectMeta
 spec 2 ScaleSpec
 status 3 ScaleStatus
ScaleSpec
 replicas 1 i32
ScaleStatus
 replicas 1 i32!
 selector 2 s
`;

export const AUTOSCALING_V2 = `
HorizontalPodAutoscaler
 metadata 1 meta.ObjectMeta
 spec 2 HorizontalPodAutoscalerSpec
 status 3 HorizontalPodAutoscalerStatus
HorizontalPodAutoscalerSpec
 scaleTargetRef 1 CrossVersionObjectReference
 minReplicas 2 i32!
 maxReplicas 3 i32!
 metrics 4 MetricSpec*
 behavior 5 HorizontalPodAutoscalerBehavior
CrossVersionObjectReference
 kind 1 s!
 name 2 s!
 apiVersion 3 s
MetricSpec
 type 1 s!
 object 2 ObjectMetricSource
 pods 3 PodsMetricSource
 resource 4 ResourceMetricSource
 containerResource 7 ContainerResourceMetricSource
 external 5 ExternalMetricSource
HorizontalPodAutoscalerBehavior
 scaleUp 1 HPAScalingRules
 scaleDown 2 HPAScalingRules
HPAScalingRules
 stabilizationWindowSeconds 3 i32!
 selectPolicy 1 s!
 policies 2 HPAScalingPolicy*
HPAScalingPolicy
 type 1 s!
 value 2 i32!
 periodSeconds 3 i32!
ObjectMetricSource
 describedObject 1 CrossVersionObjectReference
 target 2 MetricTarget
 metric 3 MetricIdentifier
PodsMetricSource
 metric 1 MetricIdentifier
 target 2 MetricTarget
ResourceMetricSource
 name 1 s!
 target 2 MetricTarget
ContainerResourceMetricSource
 name 1 s!
 target 2 MetricTarget
 container 3 s!
ExternalMetricSource
 metric 1 MetricIdentifier
 target 2 MetricTarget
MetricIdentifier
 name 1 s!
 selector 2 meta.LabelSelector
MetricTarget
 type 1 s!
 value 2 Quantity
 averageValue 3 Quantity
 averageUtilization 4 i32!
HorizontalPodAutoscalerStatus
 observedGeneration 1 i64!
 lastScaleTime 2 meta.Time
 currentReplicas 3 i32
 desiredReplicas 4 i32!
 currentMetrics 5 MetricStatus*
 conditions 6 HorizontalPodAutoscalerCondition*
HorizontalPodAutoscalerCondition
 type 1 s!
 status 2 s!
 lastTransitionTime 3 meta.Time
 reason 4 s
 message 5 s
MetricStatus
 type 1 s!
 object 2 ObjectMetricStatus
 pods 3 PodsMetricStatus
 resource 4 ResourceMetricStatus
 containerResource 7 ContainerResourceMetricStatus
 external 5 ExternalMetricStatus
ObjectMetricStatus
 metric 1 MetricIdentifier
 current 2 MetricValueStatus
 describedObject 3 CrossVersionObjectReference
PodsMetricStatus
 metric 1 MetricIdentifier
 current 2 MetricValueStatus
ResourceMetricStatus
 name 1 s!
 current 2 MetricValueStatus
ContainerResourceMetricStatus
 name 1 s!
 current 2 MetricValueStatus
 container 3 s!
ExternalMetricStatus
 metric 1 MetricIdentifier
 current 2 MetricValueStatus
MetricValueStatus
 value 1 Quantity
 averageValue 2 Quantity
 averageUtilization 3 i32!
`;
