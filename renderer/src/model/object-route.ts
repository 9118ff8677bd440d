// Where an object opens: nodes have their own page (charts, cordon, shell);
// everything else the generic detail page.
import type { KubeObject } from '../../../api/types.ts';
import { detailRoute, type KindInfo } from '../api/kinds.ts';

export function objectRoute(info: KindInfo, object: KubeObject): string {
  const name = object.metadata.name ?? '';
  return info.plural === 'nodes' ? `/nodes/${encodeURIComponent(name)}` : detailRoute(info, object.metadata.namespace, name);
}
