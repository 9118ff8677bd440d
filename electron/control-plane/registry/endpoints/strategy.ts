// Endpoints: the addresses behind a Service, written by the endpoints controller.
import type { Endpoints, KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { invalid, required, type FieldError } from '../../../../api/status.ts';
import { ageColumn, ageOf, column, listWithMore, nameColumn, nameOf } from '../common/columns.ts';
import { validatePortNumber, validateProtocol } from '../common/ports.ts';

const asEndpoints = (obj: KubeObject) => obj as unknown as Endpoints;

/** "ip:port" for every address and port, at most three shown, as upstream's formatEndpoints. */
function formatEndpoints(ep: Endpoints): string {
  const list: string[] = [];
  for (const subset of ep.subsets ?? []) {
    const addresses = subset.addresses ?? [];
    if ((subset.ports ?? []).length === 0) {
      for (const a of addresses) list.push(a.ip);
      continue;
    }
    for (const port of subset.ports ?? []) {
      for (const a of addresses) list.push(a.ip.includes(':') ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
    }
  }
  if ((ep.subsets ?? []).length === 0) return '<none>';
  return listWithMore(list, 3, '');
}

function validateEndpoints(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  (asEndpoints(obj).subsets ?? []).forEach((subset, i) => {
    const path = `subsets[${i}]`;
    [...(subset.addresses ?? []), ...(subset.notReadyAddresses ?? [])].forEach((a, j) => {
      if (!a.ip) errs.push(required(`${path}.addresses[${j}].ip`));
    });
    (subset.ports ?? []).forEach((p, j) => {
      errs.push(...validatePortNumber(p.port, `${path}.ports[${j}].port`));
      errs.push(...validateProtocol(p.protocol, `${path}.ports[${j}].protocol`));
      if ((subset.ports ?? []).length > 1 && !p.name) errs.push(invalid(`${path}.ports[${j}].name`, p.name ?? '', 'must be specified when there is more than one port'));
    });
  });
  return errs;
}

export const endpoints: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'endpoints',
  singular: 'endpoints',
  kind: 'Endpoints',
  namespaced: true,
  shortNames: ['ep'],
  definition: 'io.k8s.api.core.v1.Endpoints',

  defaults(obj) {
    for (const subset of asEndpoints(obj).subsets ?? []) for (const port of subset.ports ?? []) port.protocol ??= 'TCP';
  },
  validate: validateEndpoints,

  columns: [nameColumn, column('Endpoints', 'The set of all endpoints is the union of all subsets.'), ageColumn],
  row(obj, now) {
    const ep = asEndpoints(obj);
    return [nameOf(ep.metadata), formatEndpoints(ep), ageOf(ep.metadata, now)];
  },
};
