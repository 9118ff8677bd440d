// EndpointSlices: the scalable successor of Endpoints, one address family each.
import type { EndpointSlice, KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { invalid, notSupported, required, type FieldError } from '../../../../api/status.ts';
import { ageColumn, ageOf, column, listWithMore, nameColumn, nameOf } from '../common/columns.ts';
import { immutableField } from '../common/immutable.ts';
import { validateProtocol } from '../common/ports.ts';

const asSlice = (obj: KubeObject) => obj as unknown as EndpointSlice;

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const MAX_SHOWN = 3;

function validateSlice(obj: KubeObject): FieldError[] {
  const slice = asSlice(obj);
  const errs: FieldError[] = [];
  if (!slice.addressType) errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(slice.addressType)) errs.push(notSupported('addressType', slice.addressType, ADDRESS_TYPES));
  (slice.endpoints ?? []).forEach((e, i) => {
    if ((e.addresses ?? []).length === 0) errs.push(required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
  });
  (slice.ports ?? []).forEach((p, i) => {
    if (p.port !== undefined && (p.port < 1 || p.port > 65535)) errs.push(invalid(`ports[${i}].port`, p.port, 'must be between 1 and 65535, inclusive'));
    errs.push(...validateProtocol(p.protocol, `ports[${i}].protocol`));
  });
  return errs;
}

export const endpointslices: ResourceDef = {
  group: 'discovery.k8s.io',
  version: 'v1',
  resource: 'endpointslices',
  singular: 'endpointslice',
  kind: 'EndpointSlice',
  namespaced: true,
  definition: 'io.k8s.api.discovery.v1.EndpointSlice',
  generation: true,

  defaults(obj) {
    for (const port of asSlice(obj).ports ?? []) {
      port.protocol ??= 'TCP';
      port.name ??= '';
    }
  },
  validate: validateSlice,
  validateUpdate: (obj, old) => immutableField(asSlice(obj).addressType, asSlice(old).addressType, 'addressType'),

  columns: [
    nameColumn,
    column('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
    column('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    column('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
    ageColumn,
  ],
  row(obj, now) {
    const slice = asSlice(obj);
    const ports = (slice.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : p.name || '*'));
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [
      nameOf(slice.metadata),
      slice.addressType ?? '',
      listWithMore(ports, MAX_SHOWN, '<unset>'),
      listWithMore(addresses, MAX_SHOWN, '<unset>'),
      ageOf(slice.metadata, now),
    ];
  },
};
