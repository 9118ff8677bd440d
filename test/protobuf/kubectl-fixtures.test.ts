// Bodies captured from real kubectl 1.32 (typed clients send protobuf), each
// beside the JSON that `kubectl … --dry-run=client -o json` prints for the same
// command. Decoding the body must give exactly that JSON object.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from '../../api/protobuf/decode.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);

/** Fixture name → the kubectl command that produced both files. */
const CAPTURED: Readonly<Record<string, string>> = {
  configmap: 'create configmap x --from-literal=a=b',
  'secret-generic': 'create secret generic s --from-literal=p=q',
  namespace: 'create namespace n',
  'service-clusterip': 'create service clusterip s --tcp=80:8080',
  'service-nodeport': 'create service nodeport np --tcp=5678:8080 --node-port=30080',
  serviceaccount: 'create serviceaccount sa',
  quota: 'create quota q --hard=cpu=1,memory=1G,pods=2',
  deployment: 'create deployment d --image=nginx --replicas=3 --port=80',
  'deployment-zero-replicas': 'create deployment d0 --image=nginx --replicas=0',
  job: 'create job j --image=busybox -- echo hi',
  cronjob: "create cronjob c --image=busybox --schedule='*/1 * * * *'",
  role: 'create role r --verb=get,list --resource=pods',
  rolebinding: 'create rolebinding rb --role=r --user=alice --serviceaccount=default:sa',
  clusterrolebinding: 'create clusterrolebinding crb --clusterrole=cr --group=devs',
  pdb: 'create poddisruptionbudget pdb --selector=app=x --min-available=1',
  ingress: 'create ingress ing --rule=foo.com/bar=svc1:8080',
  priorityclass: 'create priorityclass pc --value=1000 --description=hi',
};

/**
 * The JSON printer shows a zero metav1.Time as `creationTimestamp: null`; the
 * decoder leaves null times out, which the API treats the same.
 */
function withoutNullTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullTimestamps);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'creationTimestamp' && child === null) continue;
    out[key] = withoutNullTimestamps(child);
  }
  return out;
}

describe('bodies captured from kubectl', () => {
  for (const [name, command] of Object.entries(CAPTURED)) {
    it(`kubectl ${command}`, () => {
      const body = readFileSync(new URL(`${name}.pb`, FIXTURES));
      const printed = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Record<string, unknown>;
      const decoded = decodeKubernetesProtobuf(body);
      expect(decoded.apiVersion).toBe(printed.apiVersion);
      expect(decoded.kind).toBe(printed.kind);
      expect(decoded.object).toStrictEqual(withoutNullTimestamps(printed));
    });
  }
});
