// The message schemas the protobuf decoder walks, parsed once from the compact
// per-package texts in ./schema/. Each text lists messages; a message is a line
// with its name, followed by indented field lines:
//
//   <jsonName> <fieldNumber> <type>[*][!]
//
// - type: s (string), b (bool), i32, i64, bytes, map<s,T>, a
//   well-known type handled by the decoder itself (Time, MicroTime, Quantity,
//   IntOrString, RawExtension, FieldsV1, with or without a "meta." prefix), or a
//   message: bare names are in the same package, "pkg.Name" in another.
// - `*` marks a repeated field.
// - `!` marks a scalar whose zero value still appears in the JSON form: Go pointer
//   fields (`*int32`, `*bool`, `*string`: present on the wire only when set) and
//   fields whose json tag lacks omitempty. Go's protobuf encoder writes every
//   non-pointer scalar, zero or not, while encoding/json drops zero values of
//   omitempty fields; without the mark a decoded false/0/"" is dropped so the
//   result equals what the client would have sent as JSON.
// - jsonName `^` embeds the message inline (Go `json:",inline"`): its fields are
//   merged into the parent object, as in JSON.
import { APPS_V1 } from './schema/apps-v1.ts';
import { AUTOSCALING_V1, AUTOSCALING_V2 } from './schema/autoscaling.ts';
import { BATCH_V1 } from './schema/batch-v1.ts';
import { CORE_V1 } from './schema/core-v1.ts';
import { META_V1 } from './schema/meta-v1.ts';
import { DISCOVERY_V1, NETWORKING_V1 } from './schema/networking.ts';
import { RBAC_V1 } from './schema/rbac-v1.ts';
import { COORDINATION_V1, EVENTS_V1, POLICY_V1, SCHEDULING_V1 } from './schema/small-groups.ts';

export type Scalar = 's' | 'b' | 'i32' | 'i64' | 'bytes';
export type WellKnown = 'Time' | 'MicroTime' | 'Quantity' | 'IntOrString' | 'RawExtension' | 'FieldsV1';

export type ValueType =
  | { kind: 'scalar'; scalar: Scalar }
  | { kind: 'wellKnown'; name: WellKnown }
  | { kind: 'message'; message: string };

export type FieldType = ValueType | { kind: 'map'; value: ValueType };

export interface FieldSpec {
  number: number;
  /** The JSON name; empty for an inline embedding. */
  name: string;
  type: FieldType;
  repeated: boolean;
  keepZero: boolean;
  inline: boolean;
}

export type MessageSpec = ReadonlyMap<number, FieldSpec>;

const SCALARS: ReadonlySet<string> = new Set<Scalar>(['s', 'b', 'i32', 'i64', 'bytes']);
const WELL_KNOWN: ReadonlySet<string> = new Set<WellKnown>(['Time', 'MicroTime', 'Quantity', 'IntOrString', 'RawExtension', 'FieldsV1']);

/** Package name → schema text. Message names are qualified as "package.Name". */
const PACKAGES: Readonly<Record<string, string>> = {
  meta: META_V1,
  core: CORE_V1,
  apps: APPS_V1,
  batch: BATCH_V1,
  coordination: COORDINATION_V1,
  autoscalingv1: AUTOSCALING_V1,
  autoscalingv2: AUTOSCALING_V2,
  rbac: RBAC_V1,
  networking: NETWORKING_V1,
  discovery: DISCOVERY_V1,
  events: EVENTS_V1,
  scheduling: SCHEDULING_V1,
  policy: POLICY_V1,
};

function parseValueType(token: string, pkg: string): ValueType {
  if (SCALARS.has(token)) return { kind: 'scalar', scalar: token as Scalar };
  const bare = token.startsWith('meta.') ? token.slice(5) : token;
  if (WELL_KNOWN.has(bare)) return { kind: 'wellKnown', name: bare as WellKnown };
  return { kind: 'message', message: token.includes('.') ? token : `${pkg}.${token}` };
}

function parseField(line: string, pkg: string, where: string): FieldSpec {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 3) throw new Error(`${where}: expected "name number type", got "${line.trim()}"`);
  const [name, num, rawType] = parts as [string, string, string];
  const number = Number(num);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${where}: bad field number "${num}"`);
  let token = rawType;
  const keepZero = token.endsWith('!');
  if (keepZero) token = token.slice(0, -1);
  const repeated = token.endsWith('*');
  if (repeated) token = token.slice(0, -1);
  const map = /^map<s,(.+)>$/.exec(token);
  const type: FieldType = map ? { kind: 'map', value: parseValueType(map[1]!, pkg) } : parseValueType(token, pkg);
  const inline = name === '^';
  if (inline && type.kind !== 'message') throw new Error(`${where}: only messages can be inline`);
  return { number, name: inline ? '' : name, type, repeated, keepZero, inline };
}

export function parseSchema(pkg: string, text: string, into: Map<string, Map<number, FieldSpec>>): void {
  let current: Map<number, FieldSpec> | undefined;
  let currentName = '';
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      currentName = `${pkg}.${line.trim()}`;
      if (into.has(currentName)) throw new Error(`message ${currentName} is defined twice`);
      current = new Map();
      into.set(currentName, current);
      continue;
    }
    if (!current) throw new Error(`${pkg}: field line before any message: "${line.trim()}"`);
    const field = parseField(line, pkg, currentName);
    if (current.has(field.number)) throw new Error(`${currentName}: field number ${field.number} is used twice`);
    current.set(field.number, field);
  }
}

function referencedMessages(field: FieldSpec): string[] {
  const value = field.type.kind === 'map' ? field.type.value : field.type;
  return value.kind === 'message' ? [value.message] : [];
}

/**
 * Checks that every referenced message exists (a dangling reference would only
 * surface when a client sent that field) and that no message contains itself:
 * the decoder recurses once per nested message, so an acyclic schema is what
 * bounds its depth whatever the input.
 */
export function checkSchema(registry: ReadonlyMap<string, MessageSpec>): void {
  const done = new Set<string>();
  const visiting: string[] = [];
  const visit = (name: string): void => {
    if (done.has(name)) return;
    if (visiting.includes(name)) throw new Error(`message ${name} contains itself: ${[...visiting, name].join(' → ')}`);
    const fields = registry.get(name);
    if (!fields) throw new Error(`${visiting.at(-1) ?? '?'} refers to unknown message ${name}`);
    visiting.push(name);
    for (const field of fields.values()) referencedMessages(field).forEach(visit);
    visiting.pop();
    done.add(name);
  };
  for (const name of registry.keys()) visit(name);
}

function buildRegistry(): ReadonlyMap<string, MessageSpec> {
  const registry = new Map<string, Map<number, FieldSpec>>();
  for (const [pkg, text] of Object.entries(PACKAGES)) parseSchema(pkg, text, registry);
  checkSchema(registry);
  return registry;
}

export const MESSAGES: ReadonlyMap<string, MessageSpec> = buildRegistry();
