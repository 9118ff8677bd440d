import { describe, expect, it } from 'vitest';
import { errors, type FieldError } from '../../api/status.ts';
import type { ObjectMeta } from '../../api/types.ts';
import {
  isCIdentifier, isConfigMapKey, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName,
  isValidLabelValue, isValidPortName, isValidPortNum, validateObjectMeta, validateObjectMetaUpdate,
} from '../../api/validation.ts';

const subdomainMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const dns1035Msg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const nameRegexMsg = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValueMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const cIdentMsg = "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')";
const configKeyMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

describe('string checkers', () => {
  it.each<[string, (s: string) => string[], string, string[]]>([
    ['subdomain', isDNS1123Subdomain, 'example.com', []],
    ['subdomain', isDNS1123Subdomain, 'a', []],
    ['subdomain', isDNS1123Subdomain, '1-2.b', []],
    ['subdomain', isDNS1123Subdomain, 'Bad_Name', [subdomainMsg]],
    ['subdomain', isDNS1123Subdomain, '', [subdomainMsg]],
    ['subdomain', isDNS1123Subdomain, 'a..b', [subdomainMsg]],
    ['subdomain', isDNS1123Subdomain, 'a-', [subdomainMsg]],
    ['subdomain', isDNS1123Subdomain, 'a'.repeat(253), []],
    ['subdomain', isDNS1123Subdomain, 'a'.repeat(254), ['must be no more than 253 characters']],
    ['subdomain', isDNS1123Subdomain, `${'a'.repeat(253)}-`, ['must be no more than 253 characters', subdomainMsg]],
    ['label', isDNS1123Label, 'my-name', []],
    ['label', isDNS1123Label, '123-abc', []],
    ['label', isDNS1123Label, 'a.b', ['must not contain dots']],
    ['label', isDNS1123Label, 'A', [labelMsg]],
    ['label', isDNS1123Label, '-a', [labelMsg]],
    ['label', isDNS1123Label, 'a'.repeat(63), []],
    ['label', isDNS1123Label, 'a'.repeat(64), ['must be no more than 63 characters']],
    ['dns1035', isDNS1035Label, 'abc-123', []],
    ['dns1035', isDNS1035Label, '1abc', [dns1035Msg]],
    ['dns1035', isDNS1035Label, 'a.b', [dns1035Msg]],
    ['dns1035', isDNS1035Label, 'a'.repeat(64), ['must be no more than 63 characters']],
    ['qualified', isQualifiedName, 'MyName', []],
    ['qualified', isQualifiedName, 'example.com/My.Name_1', []],
    ['qualified', isQualifiedName, 'a b', [nameRegexMsg]],
    ['qualified', isQualifiedName, '/a', ['prefix part must be non-empty']],
    ['qualified', isQualifiedName, 'a/', ['name part must be non-empty', nameRegexMsg]],
    ['qualified', isQualifiedName, 'Example.com/a', [`prefix part ${subdomainMsg}`]],
    ['qualified', isQualifiedName, 'a'.repeat(64), ['name part must be no more than 63 characters']],
    ['qualified', isQualifiedName, 'a/b/c', ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]],
    ['label value', isValidLabelValue, '', []],
    ['label value', isValidLabelValue, 'My_value.1', []],
    ['label value', isValidLabelValue, '-a', [labelValueMsg]],
    ['label value', isValidLabelValue, 'a'.repeat(64), ['must be no more than 63 characters']],
    ['label value', isValidLabelValue, 'é', [labelValueMsg]],
    ['C identifier', isCIdentifier, '_a1', []],
    ['C identifier', isCIdentifier, '1a', [cIdentMsg]],
    ['port name', isValidPortName, 'http', []],
    ['port name', isValidPortName, 'h2-c', []],
    ['port name', isValidPortName, '', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']],
    ['port name', isValidPortName, '1234', ['must contain at least one letter (a-z)']],
    ['port name', isValidPortName, 'HTTP', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']],
    ['port name', isValidPortName, 'a--b', ['must not contain consecutive hyphens']],
    ['port name', isValidPortName, '-ab', ['must not begin or end with a hyphen']],
    ['port name', isValidPortName, 'abcdefghijklmnop', ['must be no more than 15 characters']],
    ['config key', isConfigMapKey, 'key.name', []],
    ['config key', isConfigMapKey, '.dotfile', []],
    ['config key', isConfigMapKey, '.', ["must not be '.'"]],
    ['config key', isConfigMapKey, '..', ["must not be '..'"]],
    ['config key', isConfigMapKey, '..a', ["must not start with '..'"]],
    ['config key', isConfigMapKey, 'a b', [configKeyMsg]],
    ['config key', isConfigMapKey, 'a'.repeat(254), ['must be no more than 253 characters']],
  ])('%s %j', (_, fn, input, want) => {
    expect(fn(input)).toEqual(want);
  });

  it.each([[1, []], [65535, []], [0, ['must be between 1 and 65535, inclusive']], [65536, ['must be between 1 and 65535, inclusive']], [80.5, ['must be between 1 and 65535, inclusive']]])(
    'port number %d', (port, want) => {
      expect(isValidPortNum(port)).toEqual(want);
    });
});

function rendered(errs: FieldError[]): string[] {
  return errs.map((e) => `${e.field}: ${e.message}`);
}

const ns = { namespaced: true };

describe('validateObjectMeta', () => {
  it('accepts a plain namespaced object', () => {
    expect(validateObjectMeta({ name: 'web', namespace: 'default', labels: { app: 'web' } }, ns)).toEqual([]);
  });

  it('reports a bad name the way kubectl shows it', () => {
    const causes = validateObjectMeta({ name: 'Bad_Name', namespace: 'default' }, ns);
    expect(causes).toEqual([{ type: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "Bad_Name": ${subdomainMsg}` }]);
    expect(errors.invalid('Pod', '', 'Bad_Name', causes).message).toBe(`Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${subdomainMsg}`);
  });

  it('requires a name', () => {
    expect(rendered(validateObjectMeta({ namespace: 'default' }, ns))).toEqual(['metadata.name: Required value: name or generateName is required']);
  });

  it('validates generateName as a prefix', () => {
    expect(validateObjectMeta({ name: 'web-x1b2c', generateName: 'web-', namespace: 'default' }, ns)).toEqual([]);
    expect(rendered(validateObjectMeta({ name: 'web-x1b2c', generateName: 'Web-', namespace: 'default' }, ns)))
      .toEqual([`metadata.generateName: Invalid value: "Web-": ${subdomainMsg}`]);
  });

  it('uses the kind\'s own name rules', () => {
    expect(rendered(validateObjectMeta({ name: 'a.b' }, { namespaced: false, nameValidator: isDNS1123Label })))
      .toEqual(['metadata.name: Invalid value: "a.b": must not contain dots']);
  });

  it('requires a valid namespace exactly when namespaced', () => {
    expect(rendered(validateObjectMeta({ name: 'a' }, ns))).toEqual(['metadata.namespace: Required value']);
    expect(rendered(validateObjectMeta({ name: 'a', namespace: 'a.b' }, ns))).toEqual(['metadata.namespace: Invalid value: "a.b": must not contain dots']);
    expect(rendered(validateObjectMeta({ name: 'a', namespace: 'x' }, { namespaced: false }))).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });

  it('checks labels, annotations, generation and finalizers', () => {
    const meta: ObjectMeta = {
      name: 'a',
      namespace: 'default',
      generation: -1,
      labels: { 'bad key': 'ok', ok: 'bad value' },
      annotations: { 'Example.com/Mixed-Case': 'fine', 'a b': 'x' },
      finalizers: ['kubernetes.io/pv-protection', 'bad finalizer!'],
    };
    expect(rendered(validateObjectMeta(meta, ns))).toEqual([
      'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
      `metadata.labels: Invalid value: "bad key": ${nameRegexMsg}`,
      `metadata.labels: Invalid value: "bad value": ${labelValueMsg}`,
      `metadata.annotations: Invalid value: "a b": ${nameRegexMsg}`,
      `metadata.finalizers: Invalid value: "bad finalizer!": ${nameRegexMsg}`,
    ]);
  });

  it('limits the total size of annotations to 256 KiB', () => {
    const fits = { a: 'x'.repeat(256 * 1024 - 1) };
    expect(validateObjectMeta({ name: 'a', namespace: 'd', annotations: fits }, ns)).toEqual([]);
    const over = { a: 'x'.repeat(256 * 1024) };
    expect(rendered(validateObjectMeta({ name: 'a', namespace: 'd', annotations: over }, ns)))
      .toEqual(['metadata.annotations: Too long: may not be more than 262144 bytes']);
  });

  it('rejects orphan together with foregroundDeletion', () => {
    expect(rendered(validateObjectMeta({ name: 'a', namespace: 'd', finalizers: ['orphan', 'foregroundDeletion'] }, ns)))
      .toEqual(['metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set']);
  });

  it('checks owner references', () => {
    const meta: ObjectMeta = {
      name: 'a',
      namespace: 'd',
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true },
        { apiVersion: '', kind: '', name: '', uid: '' },
        { apiVersion: 'apps/', kind: 'Deployment', name: 'd', uid: 'u2', controller: true },
        { uid: 'u3', kind: 'Event', apiVersion: 'v1', name: 'e' },
      ],
    };
    expect(rendered(validateObjectMeta(meta, ns))).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
      'metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
      'metadata.ownerReferences: Invalid value: [{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u1","controller":true},'
        + '{"apiVersion":"","kind":"","name":"","uid":""},{"apiVersion":"apps/","kind":"Deployment","name":"d","uid":"u2","controller":true},'
        + '{"apiVersion":"v1","kind":"Event","name":"e","uid":"u3"}]: Only one reference can have Controller set to true. '
        + 'Found "true" in references for ReplicaSet/rs and Deployment/d',
      'metadata.ownerReferences: Invalid value: {"apiVersion":"v1","kind":"Event","name":"e","uid":"u3"}: /v1, Kind=Event is disallowed from being an owner',
    ]);
  });

  it('accepts a different field path', () => {
    expect(rendered(validateObjectMeta({ name: 'a' }, ns, 'spec.template.metadata'))).toEqual(['spec.template.metadata.namespace: Required value']);
  });
});

describe('validateObjectMetaUpdate', () => {
  const old: ObjectMeta = {
    name: 'a', namespace: 'd', uid: 'u1', resourceVersion: '5', generation: 2, creationTimestamp: '2024-01-01T00:00:00Z',
  };

  it('accepts an update that keeps identity', () => {
    expect(validateObjectMetaUpdate({ ...old, labels: { x: 'y' }, generation: 3 }, old)).toEqual([]);
  });

  it('treats two spellings of the same instant as equal', () => {
    expect(validateObjectMetaUpdate({ ...old, creationTimestamp: '2024-01-01T00:00:00.000+00:00' }, old)).toEqual([]);
  });

  it('rejects changes to immutable fields', () => {
    const next: ObjectMeta = {
      ...old, name: 'b', namespace: 'e', uid: 'u2', creationTimestamp: '2024-02-01T00:00:00Z',
      deletionTimestamp: '2024-03-01T00:00:00Z', deletionGracePeriodSeconds: 30,
    };
    expect(rendered(validateObjectMetaUpdate(next, old))).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.namespace: Invalid value: "e": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
      'metadata.creationTimestamp: Invalid value: "2024-02-01T00:00:00Z": field is immutable',
      'metadata.deletionTimestamp: Invalid value: "2024-03-01T00:00:00Z": field is immutable',
      'metadata.deletionGracePeriodSeconds: Invalid value: 30: field is immutable',
    ]);
    expect(rendered(validateObjectMetaUpdate(old, { ...old, deletionTimestamp: '2024-03-01T00:00:00Z' })))
      .toEqual(['metadata.deletionTimestamp: Invalid value: null: field is immutable']);
  });

  it('requires a resourceVersion and a generation that does not go back', () => {
    expect(rendered(validateObjectMetaUpdate({ ...old, resourceVersion: undefined, generation: 1 }, old))).toEqual([
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
      'metadata.generation: Invalid value: 1: must not be decremented',
    ]);
  });

  it('forbids new finalizers once deletion has started', () => {
    const deleting = { ...old, deletionTimestamp: '2024-03-01T00:00:00Z', finalizers: ['a.io/x'] };
    expect(validateObjectMetaUpdate({ ...deleting, finalizers: [] }, deleting)).toEqual([]);
    expect(rendered(validateObjectMetaUpdate({ ...deleting, finalizers: ['a.io/x', 'c.io/z', 'b.io/y'] }, deleting))).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y", "c.io/z"}',
    ]);
  });

  it('validates the new labels and annotations', () => {
    expect(rendered(validateObjectMetaUpdate({ ...old, labels: { a: '-' } }, old))).toEqual([`metadata.labels: Invalid value: "-": ${labelValueMsg}`]);
  });
});
