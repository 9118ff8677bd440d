// Ingresses: HTTP routing rules to Services.
import type { Ingress, IngressBackend } from 'kubernetes-types/networking/v1.js';
import type { KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ingressAddress, ingressHosts, ingressPorts } from '../../../../api/printers/ingress.ts';
import { invalid, notSupported, required, type FieldError } from '../../../../api/status.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { validatePortNumber } from '../common/ports.ts';

const asIngress = (obj: KubeObject) => obj as unknown as Ingress;

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

function validateBackend(backend: IngressBackend, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (backend.service && backend.resource) errs.push(invalid(path, '', 'cannot set both resource and service backends'));
  if (!backend.service && !backend.resource) errs.push(invalid(path, '', 'resource or service backend is required'));
  if (backend.service) {
    if (!backend.service.name) errs.push(required(`${path}.service.name`));
    const port = backend.service.port;
    if (port?.name && port.number) errs.push(invalid(`${path}.service.port`, port, 'cannot set both port name & port number'));
    else if (port?.number !== undefined) errs.push(...validatePortNumber(port.number, `${path}.service.port.number`));
    else if (!port?.name) errs.push(required(`${path}.service.port`, 'port name or number is required'));
  }
  return errs;
}

function validateIngress(obj: KubeObject): FieldError[] {
  const spec = asIngress(obj).spec ?? {};
  const errs: FieldError[] = [];
  if (!spec.defaultBackend && (spec.rules ?? []).length === 0) errs.push(invalid('spec.rules', spec.rules ?? [], 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  (spec.rules ?? []).forEach((rule, i) => {
    (rule.http?.paths ?? []).forEach((p, j) => {
      const path = `spec.rules[${i}].http.paths[${j}]`;
      if (!p.pathType) errs.push(required(`${path}.pathType`, 'pathType must be specified'));
      else if (!PATH_TYPES.includes(p.pathType)) errs.push(notSupported(`${path}.pathType`, p.pathType, PATH_TYPES));
      if (p.pathType !== 'ImplementationSpecific' && p.path !== undefined && !p.path.startsWith('/')) errs.push(invalid(`${path}.path`, p.path, "must be an absolute path"));
      errs.push(...validateBackend(p.backend, `${path}.backend`));
    });
  });
  return errs;
}

export const ingresses: ResourceDef = {
  group: 'networking.k8s.io',
  version: 'v1',
  resource: 'ingresses',
  singular: 'ingress',
  kind: 'Ingress',
  namespaced: true,
  shortNames: ['ing'],
  definition: 'io.k8s.api.networking.v1.Ingress',
  status: true,
  generation: true,

  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: validateIngress,

  columns: [
    nameColumn,
    column('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  row(obj, now) {
    const ing = asIngress(obj);
    return [
      nameOf(ing.metadata),
      ing.spec?.ingressClassName ?? '<none>',
      ingressHosts(ing),
      ingressAddress(ing),
      ingressPorts(ing),
      ageOf(ing.metadata, now),
    ];
  },
};
