// Validation of a PodSpec with upstream's field paths and messages (ValidatePodSpec
// and the container, port, env, volume and toleration checks under it), for what
// users commonly get wrong. Shared by Pods and every kind with a pod template.
import type { Container, EnvVar, PodSpec, Toleration, Volume } from '../../../../api/types.ts';
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from '../../../../api/status.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPortName } from '../../../../api/validation.ts';
import { notFound } from './govalue.ts';
import { validatePortNumber, validateProtocol } from './ports.ts';
import { validateResourceRequirements } from './resources.ts';

const RESTART_POLICIES = ['Always', 'Never', 'OnFailure'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['FallbackToLogsOnError', 'File'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];
const VOLUME_SOURCES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'configMap', 'csi', 'downwardAPI', 'emptyDir',
  'ephemeral', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs', 'hostPath', 'image', 'iscsi',
  'nfs', 'persistentVolumeClaim', 'photonPersistentDisk', 'portworxVolume', 'projected', 'quobyte', 'rbd', 'scaleIO',
  'secret', 'storageos', 'vsphereVolume',
];
const MAX_INT32 = 2147483647;
const RELAXED_ENV_NAME = "a valid environment variable name must consist only of printable ASCII characters other than '='";

function each<T>(list: T[] | undefined, path: string, check: (item: T, at: string, i: number) => FieldError[]): FieldError[] {
  return (list ?? []).flatMap((item, i) => check(item, `${path}[${i}]`, i));
}

function oneOf(value: string | undefined, allowed: string[], path: string): FieldError[] {
  if (!value) return [required(path, '')];
  return allowed.includes(value) ? [] : [notSupported(path, value, allowed)];
}

/** Env var names as upstream 1.32 checks them (RelaxedEnvironmentVariableValidation is on). */
function envNameErrors(name: string): string[] {
  return [...name].some((ch) => ch.charCodeAt(0) < 32 || ch.charCodeAt(0) > 126 || ch === '=') ? [RELAXED_ENV_NAME] : [];
}

function validateEnv(env: EnvVar, at: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!env.name) errs.push(required(`${at}.name`));
  else errs.push(...envNameErrors(env.name).map((m) => invalid(`${at}.name`, env.name, m)));
  if (env.valueFrom) {
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => (env.valueFrom as Record<string, unknown>)[k]);
    if (env.value) errs.push(invalid(`${at}.valueFrom`, '', 'may not be specified when `value` is not empty'));
    if (sources.length === 0) errs.push(invalid(`${at}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (sources.length > 1) errs.push(invalid(`${at}.valueFrom`, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

function validatePorts(c: Container, at: string): FieldError[] {
  const names = new Set<string>();
  return each(c.ports, `${at}.ports`, (p, pat) => {
    const errs: FieldError[] = [];
    if (p.name) {
      errs.push(...isValidPortName(p.name).map((m) => invalid(`${pat}.name`, p.name, m)));
      if (names.has(p.name)) errs.push(duplicate(`${pat}.name`, p.name));
      names.add(p.name);
    }
    if (!p.containerPort) errs.push(required(`${pat}.containerPort`));
    else errs.push(...validatePortNumber(p.containerPort, `${pat}.containerPort`));
    if (p.hostPort) errs.push(...validatePortNumber(p.hostPort, `${pat}.hostPort`));
    errs.push(...validateProtocol(p.protocol, `${pat}.protocol`));
    return errs;
  });
}

function validateContainer(c: Container, at: string, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.image) errs.push(required(`${at}.image`));
  if (c.imagePullPolicy !== undefined) errs.push(...oneOf(c.imagePullPolicy, PULL_POLICIES, `${at}.imagePullPolicy`));
  if (c.terminationMessagePolicy !== undefined) errs.push(...oneOf(c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES, `${at}.terminationMessagePolicy`));
  errs.push(...validatePorts(c, at));
  errs.push(...validateResourceRequirements(c.resources, `${at}.resources`));
  errs.push(...each(c.env, `${at}.env`, validateEnv));
  errs.push(...each(c.volumeMounts, `${at}.volumeMounts`, (m, mat) => [
    ...(!m.name ? [required(`${mat}.name`)] : volumes.has(m.name) ? [] : [notFound(`${mat}.name`, m.name)]),
    ...(!m.mountPath ? [required(`${mat}.mountPath`)] : []),
  ]));
  return errs;
}

/** Container names are DNS-1123 labels, unique across init and app containers. */
function validateContainerNames(spec: PodSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  const check = (c: Container, at: string) => {
    if (!c.name) errs.push(required(`${at}.name`));
    else {
      errs.push(...isDNS1123Label(c.name).map((m) => invalid(`${at}.name`, c.name, m)));
      if (seen.has(c.name)) errs.push(duplicate(`${at}.name`, c.name));
      seen.add(c.name);
    }
  };
  (spec.initContainers ?? []).forEach((c, i) => check(c, `${path}.initContainers[${i}]`));
  (spec.containers ?? []).forEach((c, i) => check(c, `${path}.containers[${i}]`));
  return errs;
}

function validateVolume(v: Volume, at: string, seen: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!v.name) errs.push(required(`${at}.name`));
  else {
    errs.push(...isDNS1123Label(v.name).map((m) => invalid(`${at}.name`, v.name, m)));
    if (seen.has(v.name)) errs.push(duplicate(`${at}.name`, v.name));
    seen.add(v.name);
  }
  const sources = VOLUME_SOURCES.filter((s) => (v as unknown as Record<string, unknown>)[s] !== undefined);
  if (sources.length === 0) errs.push(required(at, 'must specify a volume type'));
  else if (sources.length > 1) errs.push(forbidden(`${at}.${sources[1]}`, 'may not specify more than 1 volume type'));
  if (v.configMap && !v.configMap.name) errs.push(required(`${at}.configMap.name`));
  if (v.secret && !v.secret.secretName) errs.push(required(`${at}.secret.secretName`));
  if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) errs.push(required(`${at}.persistentVolumeClaim.claimName`));
  if (v.hostPath && !v.hostPath.path) errs.push(required(`${at}.hostPath.path`));
  return errs;
}

function validateToleration(t: Toleration, at: string): FieldError[] {
  const errs: FieldError[] = [];
  if (t.key) errs.push(...isQualifiedName(t.key).map((m) => invalid(`${at}.key`, t.key, m)));
  if (!t.key && t.operator !== 'Exists') errs.push(invalid(`${at}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
  if (t.operator && !TOLERATION_OPERATORS.includes(t.operator)) errs.push(notSupported(`${at}.operator`, t.operator, TOLERATION_OPERATORS));
  if (t.operator === 'Exists' && t.value) errs.push(invalid(`${at}.operator`, t, 'value must be empty when `operator` is \'Exists\''));
  if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') errs.push(invalid(`${at}.effect`, t.effect ?? '', 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
  if (t.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(notSupported(`${at}.effect`, t.effect, TAINT_EFFECTS));
  return errs;
}

export function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  if (!spec) return [required(path)];
  const errs: FieldError[] = [];
  const volumeNames = new Set<string>();
  errs.push(...each(spec.volumes, `${path}.volumes`, (v, at) => validateVolume(v, at, volumeNames)));
  if ((spec.containers ?? []).length === 0) errs.push(required(`${path}.containers`));
  errs.push(...validateContainerNames(spec, path));
  errs.push(...each(spec.initContainers, `${path}.initContainers`, (c, at) => validateContainer(c, at, volumeNames)));
  errs.push(...each(spec.containers, `${path}.containers`, (c, at) => validateContainer(c, at, volumeNames)));
  errs.push(...oneOf(spec.restartPolicy, RESTART_POLICIES, `${path}.restartPolicy`));
  errs.push(...oneOf(spec.dnsPolicy, DNS_POLICIES, `${path}.dnsPolicy`));
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) {
    errs.push(...isQualifiedName(key).map((m) => invalid(`${path}.nodeSelector`, key, m)));
    errs.push(...isValidLabelValue(value).map((m) => invalid(`${path}.nodeSelector`, value, m)));
  }
  errs.push(...each(spec.tolerations, `${path}.tolerations`, validateToleration));
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    errs.push(invalid(`${path}.activeDeadlineSeconds`, deadline, `must be between 1 and ${MAX_INT32}, inclusive`));
  }
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0) {
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  }
  if (spec.serviceAccountName) errs.push(...isDNS1123Subdomain(spec.serviceAccountName).map((m) => invalid(`${path}.serviceAccountName`, spec.serviceAccountName, m)));
  return errs;
}
