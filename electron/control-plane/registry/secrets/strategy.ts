// Secrets: type Opaque by default, valid data keys, and the keys each well-known
// type requires (as upstream's ValidateSecret).
import type { KubeObject, Secret } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { required, tooLong, type FieldError } from '../../../../api/status.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../common/columns.ts';
import { immutableDataErrors, validateDataKeys } from '../common/datakeys.ts';
import { immutableField } from '../common/immutable.ts';

const asSecret = (obj: KubeObject) => obj as unknown as Secret;

/** Upstream's MaxSecretSize (1 MiB of decoded data). */
const MAX_SECRET_BYTES = 1024 * 1024;

/** Data keys that a secret of a given type must carry. */
const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

function decodedSize(base64: string): number {
  return Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
}

function validateSecret(obj: KubeObject): FieldError[] {
  const secret = asSecret(obj);
  const data = secret.data ?? {};
  const errs = validateDataKeys(Object.keys(data), 'data');
  const size = Object.values(data).reduce((sum, v) => sum + decodedSize(v), 0);
  if (size > MAX_SECRET_BYTES) errs.push(tooLong('data', MAX_SECRET_BYTES));
  const type = secret.type ?? 'Opaque';
  for (const key of REQUIRED_KEYS[type] ?? []) {
    if (!(key in data)) errs.push(required(`data[${key}]`));
  }
  if (type === 'kubernetes.io/service-account-token' && !secret.metadata?.annotations?.['kubernetes.io/service-account.name']) {
    errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  }
  if (type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data)) {
    errs.push(required('data[username]', 'must have at least one of username or password'));
  }
  return errs;
}

export const secrets: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'secrets',
  singular: 'secret',
  kind: 'Secret',
  namespaced: true,
  definition: 'io.k8s.api.core.v1.Secret',

  defaults(obj) {
    const secret = asSecret(obj);
    secret.type ||= 'Opaque';
  },
  prepareForCreate(obj) {
    // stringData is write-only: folded into data (base64) and never stored.
    const secret = asSecret(obj);
    if (secret.stringData) {
      secret.data = { ...secret.data };
      for (const [k, v] of Object.entries(secret.stringData)) secret.data[k] = Buffer.from(v, 'utf8').toString('base64');
      delete secret.stringData;
    }
  },
  prepareForUpdate(obj) {
    secrets.prepareForCreate!(obj);
  },
  validate: validateSecret,
  validateUpdate(obj, old) {
    const secret = asSecret(obj);
    const before = asSecret(old);
    const errs = immutableDataErrors(before.immutable, secret.immutable, [secret.data], [before.data]);
    return [...errs, ...immutableField(secret.type, before.type, 'type')];
  },

  columns: [nameColumn, column('Type', 'Used to facilitate programmatic handling of secret data.'), column('Data', 'Data contains the secret data.'), ageColumn],
  row(obj, now) {
    const secret = asSecret(obj);
    return [nameOf(secret.metadata), secret.type ?? '', Object.keys(secret.data ?? {}).length, ageOf(secret.metadata, now)];
  },
  fields: (obj) => ({ type: asSecret(obj).type ?? '' }),
};
