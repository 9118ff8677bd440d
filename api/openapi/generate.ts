// Builds api/openapi/definitions.json from kubernetes-types' .d.ts files (the
// upstream kinds with upstream's field descriptions) using the TypeScript
// compiler API. Run with `npx tsx api/openapi/generate.ts`; a test regenerates
// and compares, so the committed file cannot go stale.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { definitionExtensions, propertyExtensions } from './extensions.ts';
import { DEFINITION_REF_PREFIX } from './schema.ts';
import type { Definitions, Schema } from './schema.ts';

/** kubernetes-types module → upstream's OpenAPI name prefix. */
const MODULES: Record<string, string> = {
  'core/v1': 'io.k8s.api.core.v1',
  'apps/v1': 'io.k8s.api.apps.v1',
  'batch/v1': 'io.k8s.api.batch.v1',
  'coordination/v1': 'io.k8s.api.coordination.v1',
  'autoscaling/v1': 'io.k8s.api.autoscaling.v1',
  'autoscaling/v2': 'io.k8s.api.autoscaling.v2',
  'rbac/v1': 'io.k8s.api.rbac.v1',
  'networking/v1': 'io.k8s.api.networking.v1',
  'discovery/v1': 'io.k8s.api.discovery.v1',
  'events/v1': 'io.k8s.api.events.v1',
  'scheduling/v1': 'io.k8s.api.scheduling.v1',
  'policy/v1': 'io.k8s.api.policy.v1',
  'meta/v1': 'io.k8s.apimachinery.pkg.apis.meta.v1',
  'api/resource': 'io.k8s.apimachinery.pkg.api.resource',
  runtime: 'io.k8s.apimachinery.pkg.runtime',
  version: 'io.k8s.apimachinery.pkg.version',
};

// kubernetes-types inlines IntOrString as `number | string`; upstream names it.
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const INT_OR_STRING_SCHEMA: Schema = {
  description:
    'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
  type: 'string',
  format: 'int-or-string',
};

/** String aliases upstream gives a format. */
const ALIAS_FORMATS: Record<string, string> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'date-time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'date-time',
};

// TypeScript has one number type; upstream's Go fields are int32 unless these
// (by property name, the same in every kind that has them) are int64.
const INT64_PROPERTIES = new Set([
  'generation', 'observedGeneration', 'remainingItemCount', 'revision',
  'activeDeadlineSeconds', 'terminationGracePeriodSeconds', 'deletionGracePeriodSeconds', 'gracePeriodSeconds',
  'tolerationSeconds', 'startingDeadlineSeconds', 'expirationSeconds', 'sinceSeconds', 'tailLines', 'limitBytes',
  'runAsUser', 'runAsGroup', 'fsGroup', 'supplementalGroups', 'sizeBytes',
]);

function kubernetesTypesDir(): string {
  return dirname(createRequire(import.meta.url).resolve('kubernetes-types/package.json'));
}

interface Context {
  checker: ts.TypeChecker;
  prefixOf: Map<string, string>; // source file path → name prefix
}

function documentation(checker: ts.TypeChecker, name: ts.Node): string | undefined {
  const symbol = checker.getSymbolAtLocation(name);
  const text = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() : '';
  return text === '' ? undefined : text;
}

function referencedDefinition(ctx: Context, typeName: ts.EntityName): string {
  let symbol = ctx.checker.getSymbolAtLocation(typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
  const decl = symbol?.declarations?.[0];
  const prefix = decl && ctx.prefixOf.get(decl.getSourceFile().fileName);
  if (!symbol || !prefix) throw new Error(`unresolvable type reference ${typeName.getText()}`);
  return `${prefix}.${symbol.name}`;
}

function integer(property: string): Schema {
  return { type: 'integer', format: INT64_PROPERTIES.has(property) ? 'int64' : 'int32' };
}

function typeSchema(ctx: Context, node: ts.TypeNode, property: string): Schema {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: 'string' };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' };
    case ts.SyntaxKind.NumberKeyword:
      return integer(property);
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { type: 'string' };
  if (ts.isUnionTypeNode(node)) {
    const kinds = node.types.map((t) => t.kind).sort();
    if (kinds.join() === [ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.StringKeyword].sort().join()) {
      return { $ref: DEFINITION_REF_PREFIX + INT_OR_STRING };
    }
  }
  if (ts.isArrayTypeNode(node)) return { type: 'array', items: typeSchema(ctx, node.elementType, property) };
  if (ts.isTypeReferenceNode(node)) {
    if (node.typeName.getText() === 'Array' && node.typeArguments?.length === 1) {
      return { type: 'array', items: typeSchema(ctx, node.typeArguments[0], property) };
    }
    return { $ref: DEFINITION_REF_PREFIX + referencedDefinition(ctx, node.typeName) };
  }
  if (ts.isTypeLiteralNode(node) && node.members.length === 1 && ts.isIndexSignatureDeclaration(node.members[0])) {
    return { type: 'object', additionalProperties: typeSchema(ctx, node.members[0].type, property) };
  }
  throw new Error(`unsupported type ${node.getText()} (property ${property})`);
}

/** The group/version/kind of a top-level kind: its `apiVersion` and `kind` are literals. */
function groupVersionKind(decl: ts.InterfaceDeclaration): Schema['x-kubernetes-group-version-kind'] {
  const literal = (name: string): string | undefined => {
    const member = decl.members.find((m) => ts.isPropertySignature(m) && m.name.getText() === name);
    const type = member && ts.isPropertySignature(member) ? member.type : undefined;
    return type && ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal) ? type.literal.text : undefined;
  };
  const apiVersion = literal('apiVersion');
  const kind = literal('kind');
  if (!apiVersion || !kind) return undefined;
  const slash = apiVersion.indexOf('/');
  const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  return [{ group, version, kind }];
}

function interfaceSchema(ctx: Context, name: string, decl: ts.InterfaceDeclaration): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const member of decl.members) {
    if (!ts.isPropertySignature(member) || !member.type) throw new Error(`${name}: unsupported member ${member.getText()}`);
    const prop = member.name.getText();
    const schema = typeSchema(ctx, member.type, prop);
    const description = documentation(ctx.checker, member.name);
    properties[prop] = { ...(description ? { description } : {}), ...schema, ...propertyExtensions[`${name}.${prop}`] };
    if (!member.questionToken) required.push(prop);
  }
  const description = documentation(ctx.checker, decl.name);
  const gvk = groupVersionKind(decl);
  return {
    ...(description ? { description } : {}),
    type: 'object',
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    ...(required.length > 0 ? { required } : {}),
    ...(gvk ? { 'x-kubernetes-group-version-kind': gvk } : {}),
  };
}

function aliasSchema(ctx: Context, name: string, decl: ts.TypeAliasDeclaration): Schema {
  const description = documentation(ctx.checker, decl.name);
  const schema = typeSchema(ctx, decl.type, '');
  const format = ALIAS_FORMATS[name];
  return { ...(description ? { description } : {}), ...schema, ...(format ? { format } : {}) };
}

/** Objects with their keys sorted, as upstream's documents are, so the output is stable. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

function checkExtensionKeys(definitions: Definitions): void {
  for (const key of Object.keys(propertyExtensions)) {
    const dot = key.lastIndexOf('.');
    if (!definitions[key.slice(0, dot)]?.properties?.[key.slice(dot + 1)]) {
      throw new Error(`extensions.ts: ${key} names no property`);
    }
  }
  for (const key of Object.keys(definitionExtensions)) {
    if (!definitions[key]) throw new Error(`extensions.ts: ${key} names no definition`);
  }
}

export function generateDefinitions(): Definitions {
  const root = kubernetesTypesDir();
  const prefixOf = new Map<string, string>();
  for (const [module, prefix] of Object.entries(MODULES)) prefixOf.set(join(root, `${module}.d.ts`), prefix);
  const program = ts.createProgram([...prefixOf.keys()], { noEmit: true, skipLibCheck: true });
  const ctx: Context = { checker: program.getTypeChecker(), prefixOf };

  const definitions: Definitions = { [INT_OR_STRING]: INT_OR_STRING_SCHEMA };
  for (const [file, prefix] of prefixOf) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`missing ${file}`);
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement)) {
        const name = `${prefix}.${statement.name.text}`;
        definitions[name] = interfaceSchema(ctx, name, statement);
      } else if (ts.isTypeAliasDeclaration(statement)) {
        const name = `${prefix}.${statement.name.text}`;
        definitions[name] = aliasSchema(ctx, name, statement);
      }
    }
  }
  checkExtensionKeys(definitions);
  for (const [name, ext] of Object.entries(definitionExtensions)) Object.assign(definitions[name], ext);
  return sortKeys(definitions) as Definitions;
}

export function renderDefinitions(): string {
  return `${JSON.stringify(generateDefinitions(), null, 2)}\n`;
}

export const DEFINITIONS_FILE = fileURLToPath(new URL('./definitions.json', import.meta.url));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(DEFINITIONS_FILE, renderDefinitions());
}
