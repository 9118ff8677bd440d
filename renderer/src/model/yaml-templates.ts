// Starting points for the create page, one per kind it offers (?kind=…), in
// the smallest form the server accepts.
import { stringify } from 'yaml';

function workload(kind: string, apiVersion: string, namespace: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion,
    kind,
    metadata: { name: 'web', namespace },
    spec: {
      ...extra,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

const TEMPLATES: Record<string, (namespace: string) => Record<string, unknown>> = {
  Deployment: (namespace) => workload('Deployment', 'apps/v1', namespace, { replicas: 1 }),
  StatefulSet: (namespace) => workload('StatefulSet', 'apps/v1', namespace, { replicas: 1, serviceName: 'web' }),
  DaemonSet: (namespace) => workload('DaemonSet', 'apps/v1', namespace),
  Pod: (namespace) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'shell', namespace },
    spec: { containers: [{ name: 'shell', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
  }),
  Job: (namespace) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'once', namespace },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'once', image: 'busybox:1.36', command: ['echo', 'hello'] }] } } },
  }),
  CronJob: (namespace) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hourly', namespace },
    spec: {
      schedule: '0 * * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hourly', image: 'busybox:1.36', command: ['date'] }] } } } },
    },
  }),
  Service: (namespace) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] },
  }),
  ConfigMap: (namespace) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace }, data: { key: 'value' } }),
  Secret: (namespace) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'credentials', namespace }, stringData: { password: 'change-me' } }),
  Namespace: () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }),
};

export const TEMPLATE_KINDS = Object.keys(TEMPLATES);

/** YAML for a new object of kind (a Deployment when the kind has no template). */
export function templateFor(kind: string | undefined, namespace: string): string {
  const make = TEMPLATES[kind ?? ''] ?? TEMPLATES.Deployment;
  return stringify(make(namespace));
}
