// The HPA table (upstream's printHorizontalPodAutoscaler), reading autoscaling/v2
// metrics or the v1 targetCPUUtilizationPercentage, whichever the object carries.
import type { HorizontalPodAutoscaler as HPAv2, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.js';
import type { HorizontalPodAutoscaler as HPAv1 } from 'kubernetes-types/autoscaling/v1.js';
import type { TableCell, TableColumn } from '../types.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../common/columns.ts';

export type AnyHPA = HPAv2 & { spec?: HPAv2['spec'] & HPAv1['spec'] } & { status?: HPAv2['status'] & Partial<NonNullable<HPAv1['status']>> };

export const hpaColumns: TableColumn[] = [
  nameColumn,
  column('Reference', 'scaleTargetRef points to the target resource to scale.'),
  column('Targets', 'metrics contains the specifications for which to use to calculate the desired replica count.'),
  column('MinPods', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
  column('MaxPods', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
  column('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler.'),
  ageColumn,
];

const MAX_SHOWN = 2;

function quantity(q: string | number | undefined): string {
  return q === undefined ? '<unknown>' : String(q);
}

function percent(p: number | undefined): string {
  return p === undefined ? '<unknown>' : `${p}%`;
}

/** One metric as "current/target", following upstream's formatHPAMetrics per source type. */
function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External': {
      const t = spec.external!.target;
      if (t.averageValue !== undefined) return `${quantity(status?.external?.current.averageValue)}/${t.averageValue} (avg)`;
      return `${quantity(status?.external?.current.value)}/${quantity(t.value)}`;
    }
    case 'Pods':
      return `${quantity(status?.pods?.current.averageValue)}/${quantity(spec.pods!.target.averageValue)}`;
    case 'Object': {
      const t = spec.object!.target;
      if (t.averageValue !== undefined) return `${quantity(status?.object?.current.averageValue)}/${t.averageValue} (avg)`;
      return `${quantity(status?.object?.current.value)}/${quantity(t.value)}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? spec.resource! : spec.containerResource!;
      const current = spec.type === 'Resource' ? status?.resource?.current : status?.containerResource?.current;
      if (source.target.averageValue !== undefined) return `${source.name}: ${quantity(current?.averageValue)}/${source.target.averageValue}`;
      const target = source.target.averageUtilization === undefined ? '<auto>' : `${source.target.averageUtilization}%`;
      return `${source.name}: ${percent(current?.averageUtilization)}/${target}`;
    }
    default:
      return '<unknown type>';
  }
}

function targets(hpa: AnyHPA): string {
  const spec = hpa.spec;
  if (spec?.targetCPUUtilizationPercentage !== undefined) {
    return `cpu: ${percent(hpa.status?.currentCPUUtilizationPercentage)}/${spec.targetCPUUtilizationPercentage}%`;
  }
  const metrics = spec?.metrics ?? [];
  if (metrics.length === 0) return '<none>';
  const list = metrics.map((m, i) => formatMetric(m, hpa.status?.currentMetrics?.[i]));
  const shown = list.slice(0, MAX_SHOWN).join(', ');
  return list.length > MAX_SHOWN ? `${shown} + ${list.length - MAX_SHOWN} more...` : shown;
}

export function hpaRow(hpa: AnyHPA, now: Date): TableCell[] {
  const ref = hpa.spec?.scaleTargetRef;
  return [
    nameOf(hpa.metadata),
    `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
    targets(hpa),
    hpa.spec?.minReplicas !== undefined ? String(hpa.spec.minReplicas) : '<unset>',
    hpa.spec?.maxReplicas ?? 0,
    hpa.status?.currentReplicas ?? 0,
    ageOf(hpa.metadata, now),
  ];
}
