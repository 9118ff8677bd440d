// batch/v1 (package batch): Job, CronJob.
// Transcribed from the upstream Go types (their protobuf:"…" and json:"…" tags); see ../schema.ts for the notation.
export const BATCH_V1 = `
Job
 metadata 1 meta.ObjectMeta
 spec 2 JobSpec
 status 3 JobStatus
PodFailurePolicyOnExitCodesRequirement
 containerName 1 s!
 operator 2 s!
 values 3 i32*
PodFailurePolicyOnPodConditionsPattern
 type 1 s!
 status 2 s!
PodFailurePolicyRule
 action 1 s!
 onExitCodes 2 PodFailurePolicyOnExitCodesRequirement
 onPodConditions 3 PodFailurePolicyOnPodConditionsPattern*
PodFailurePolicy
 rules 1 PodFailurePolicyRule*
JobSpec
 parallelism 1 i32!
 completions 2 i32!
 activeDeadlineSeconds 3 i64!
 podFailurePolicy 11 PodFailurePolicy
 backoffLimit 7 i32!
 selector 4 meta.LabelSelector
 manualSelector 5 b!
 template 6 core.PodTemplateSpec
 ttlSecondsAfterFinished 8 i32!
 completionMode 9 s!
 suspend 10 b!
JobStatus
 conditions 1 JobCondition*
 startTime 2 meta.Time
 completionTime 3 meta.Time
 active 4 i32
 succeeded 5 i32
 failed 6 i32
 completedIndexes 7 s
 uncountedTerminatedPods 8 UncountedTerminatedPods
 ready 9 i32!
UncountedTerminatedPods
 succeeded 1 s*
 failed 2 s*
JobCondition
 type 1 s!
 status 2 s!
 lastProbeTime 3 meta.Time
 lastTransitionTime 4 meta.Time
 reason 5 s
 message 6 s
JobTemplateSpec
 metadata 1 meta.ObjectMeta
 spec 2 JobSpec
CronJob
 metadata 1 meta.ObjectMeta
 spec 2 CronJobSpec
 status 3 CronJobStatus
CronJobSpec
 schedule 1 s!
 timeZone 8 s!
 startingDeadlineSeconds 2 i64!
 concurrencyPolicy 3 s
 suspend 4 b!
 jobTemplate 5 JobTemplateSpec
 successfulJobsHistoryLimit 6 i32!
 failedJobsHistoryLimit 7 i32!
CronJobStatus
 active 1 core.ObjectReference*
 lastScheduleTime 4 meta.Time
 lastSuccessfulTime 5 meta.Time
`;
