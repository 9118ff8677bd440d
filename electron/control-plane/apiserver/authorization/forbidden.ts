// 403 messages worded as upstream's responsewriters.Forbidden, so clients and
// people see the same text they would from a real API server.
import { StatusError } from '../../../../api/status.ts';
import type { UserInfo } from '../auth.ts';
import type { Attributes } from './types.ts';

export function forbidden(user: UserInfo, attrs: Attributes, reason: string): StatusError {
  const suffix = reason ? `: ${reason}` : '';
  if (attrs.kind === 'nonresource') {
    return new StatusError(403, 'Forbidden', `forbidden: User ${JSON.stringify(user.name)} cannot ${attrs.verb} path ${JSON.stringify(attrs.path)}${suffix}`, {});
  }
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace ${JSON.stringify(attrs.namespace)}` : 'at the cluster scope';
  const why = `User ${JSON.stringify(user.name)} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.group)} ${scope}${suffix}`;
  const qualified = attrs.group ? `${attrs.resource}.${attrs.group}` : attrs.resource;
  const message = attrs.name ? `${qualified} ${JSON.stringify(attrs.name)} is forbidden: ${why}` : `${qualified} is forbidden: ${why}`;
  return new StatusError(403, 'Forbidden', message, { name: attrs.name, group: attrs.group, kind: attrs.resource });
}

/** What admission answers when it refuses (upstream's admission.NewForbidden). */
export function admissionForbidden(resource: string, group: string, name: string, reason: string): StatusError {
  const qualified = group ? `${resource}.${group}` : resource;
  const message = name ? `${qualified} ${JSON.stringify(name)} is forbidden: ${reason}` : `${qualified} is forbidden: ${reason}`;
  return new StatusError(403, 'Forbidden', message, { name, group, kind: resource });
}
