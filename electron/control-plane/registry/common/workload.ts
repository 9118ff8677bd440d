// Table pieces of the workload kinds: the wide CONTAINERS / IMAGES / SELECTOR cells
// computed from a pod template and a selector.
import type { LabelSelector, PodTemplateSpec } from '../../../../api/types.ts';
import type { TableCell } from '../types.ts';
import { formatLabelSelector } from '../../../../api/labels.ts';
import { containerCells } from './columns.ts';

export function templateCells(template: PodTemplateSpec | undefined): TableCell[] {
  return containerCells(template?.spec?.containers);
}

export function templateAndSelectorCells(template: PodTemplateSpec | undefined, selector: LabelSelector | undefined): TableCell[] {
  return [...templateCells(template), formatLabelSelector(selector)];
}
