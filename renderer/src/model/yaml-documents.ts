// A YAML file of API objects split into its documents, with every problem at
// its line: syntax errors, documents that are not objects, and fields the API
// refused (Status causes name them by path, e.g. spec.template.spec.containers[0].image).
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { parseApiVersion, type GroupVersionKind, type KubeObject } from '../../../api/types.ts';

export interface YamlProblem {
  /** 1-based, as editors count. */
  line: number;
  message: string;
}

export interface YamlDocument {
  /** Position among the file's non-empty documents, from 0. */
  index: number;
  /** 1-based line where the document's content starts. */
  line: number;
  object: KubeObject;
  /** Line of a field path in this document: the field's key, or its nearest parent that exists. */
  lineOf(field: string): number;
}

export interface ParsedYaml {
  documents: YamlDocument[];
  problems: YamlProblem[];
}

/** `a.b[0].c[some/key]` → ['a', 'b', 0, 'c', 'some/key'], as upstream's field.Path prints them. */
export function parseFieldPath(field: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of field.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else segments.push(/^\d+$/.test(match[2]) ? Number(match[2]) : match[2]);
  }
  return segments;
}

function fieldLine(document: Document, field: string, line: (offset: number) => number): number {
  let node: unknown = document.contents;
  let at = line((node as Node | null)?.range?.[0] ?? 0);
  for (const segment of parseFieldPath(field)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      at = line((pair.key as Node).range?.[0] ?? 0);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment];
      at = line((node as Node).range?.[0] ?? 0);
    } else {
      break;
    }
  }
  return at;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is missing for a document to be sent to the API, or undefined when nothing is. */
function missing(value: unknown): string | undefined {
  if (!isObject(value)) return 'is not a mapping of fields (an API object)';
  if (typeof value.apiVersion !== 'string' || !value.apiVersion) return 'has no apiVersion';
  if (typeof value.kind !== 'string' || !value.kind) return 'has no kind';
  if (!isObject(value.metadata)) return 'has no metadata';
  if (!value.metadata.name && !value.metadata.generateName) return 'has no metadata.name';
  return undefined;
}

export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const line = (offset: number) => lineCounter.linePos(offset).line;
  const documents: YamlDocument[] = [];
  const problems: YamlProblem[] = [];
  let seen = 0;
  for (const document of parseAllDocuments(text, { lineCounter })) {
    for (const error of document.errors) problems.push({ line: error.linePos?.[0].line ?? line(error.pos[0]), message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') });
    const value: unknown = document.errors.length > 0 ? undefined : document.toJS();
    if (value === undefined || value === null) continue;
    const start = line(document.contents?.range?.[0] ?? 0);
    const index = seen++;
    const why = missing(value);
    if (why) problems.push({ line: start, message: `Document ${index + 1} ${why}` });
    else documents.push({ index, line: start, object: value as KubeObject, lineOf: (field) => fieldLine(document, field, line) });
  }
  problems.sort((a, b) => a.line - b.line);
  return { documents, problems };
}

/** The apiVersion/kind pairs a file's documents name, each once, for picking schemas; unparsable parts are skipped. */
export function kindsIn(text: string): GroupVersionKind[] {
  const seen = new Map<string, GroupVersionKind>();
  for (const document of parseAllDocuments(text)) {
    const apiVersion = document.get('apiVersion');
    const kind = document.get('kind');
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) continue;
    seen.set(`${apiVersion}/${kind}`, { ...parseApiVersion(apiVersion), kind });
  }
  return [...seen.values()];
}
