// Sets of field paths as structured-merge-diff keeps them for managedFields,
// with their FieldsV1 encoding. A path is a list of elements, each already in
// its FieldsV1 spelling: `f:<field>`, `k:<json object of the key fields>` for
// an item of a map list, `v:<json value>` for an item of a set, `i:<index>`.
import type { JsonObject } from './json.ts';
import { isObject } from './json.ts';

export type Path = readonly string[];

export function fieldElement(name: string): string {
  return `f:${name}`;
}

/** Key fields are written in name order so equal keys have one spelling. */
export function keyElement(key: Readonly<Record<string, unknown>>): string {
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(key).sort()) sorted[name] = key[name];
  return `k:${JSON.stringify(sorted)}`;
}

export function valueElement(value: unknown): string {
  return `v:${JSON.stringify(value)}`;
}

/** Parses the JSON part of a `k:` or `v:` element. */
export function elementValue(element: string): unknown {
  return JSON.parse(element.slice(2));
}

/** Upstream's rendering of a path in conflict messages: `.spec.containers[name="app"].image`. */
export function pathString(path: Path): string {
  return path.map((element) => {
    const body = element.slice(2);
    switch (element[0]) {
      case 'f': return `.${body}`;
      case 'k': {
        const key = JSON.parse(body) as JsonObject;
        return `[${Object.entries(key).map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(',')}]`;
      }
      case 'v': return `[=${body}]`;
      default: return `[${body}]`;
    }
  }).join('');
}

interface Node {
  member: boolean;
  children: Map<string, Node>;
}

const node = (): Node => ({ member: false, children: new Map() });

export class FieldSet {
  private constructor(private readonly root: Node) {}

  static empty(): FieldSet {
    return new FieldSet(node());
  }

  static of(paths: Iterable<Path>): FieldSet {
    const set = FieldSet.empty();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Decodes FieldsV1; throws on anything that is not one. */
  static fromFieldsV1(encoded: unknown): FieldSet {
    const decode = (value: unknown): Node => {
      if (!isObject(value)) throw new Error('FieldsV1 entries must be objects');
      const n = node();
      for (const [element, child] of Object.entries(value)) {
        if (element === '.') {
          n.member = true;
          continue;
        }
        const decoded = decode(child);
        // A leaf is written as {}: it is a member with nothing below it.
        if (decoded.children.size === 0) decoded.member = true;
        n.children.set(canonical(element), decoded);
      }
      return n;
    };
    return new FieldSet(decode(encoded));
  }

  toFieldsV1(): JsonObject {
    const encode = (n: Node): JsonObject => {
      const out: JsonObject = {};
      if (n.member && n.children.size > 0) out['.'] = {};
      for (const element of [...n.children.keys()].sort(compareElements)) out[element] = encode(n.children.get(element) as Node);
      return out;
    };
    return encode(this.root);
  }

  insert(path: Path): void {
    if (path.length === 0) return;
    let n = this.root;
    for (const element of path) {
      let child = n.children.get(element);
      if (!child) n.children.set(element, (child = node()));
      n = child;
    }
    n.member = true;
  }

  has(path: Path): boolean {
    return this.find(path)?.member ?? false;
  }

  /** Whether any member lies strictly below `path`. */
  hasBelow(path: Path): boolean {
    return (this.find(path)?.children.size ?? 0) > 0;
  }

  isEmpty(): boolean {
    return this.root.children.size === 0;
  }

  /** Members in FieldsV1 order. */
  paths(): Path[] {
    const out: Path[] = [];
    const visit = (n: Node, prefix: string[]) => {
      for (const element of [...n.children.keys()].sort(compareElements)) {
        const child = n.children.get(element) as Node;
        const path = [...prefix, element];
        if (child.member) out.push(path);
        visit(child, path);
      }
    };
    visit(this.root, []);
    return out;
  }

  union(other: FieldSet): FieldSet {
    return FieldSet.of([...this.paths(), ...other.paths()]);
  }

  difference(other: FieldSet): FieldSet {
    return FieldSet.of(this.paths().filter((path) => !other.has(path)));
  }

  intersection(other: FieldSet): FieldSet {
    return FieldSet.of(this.paths().filter((path) => other.has(path)));
  }

  equals(other: FieldSet): boolean {
    return JSON.stringify(this.toFieldsV1()) === JSON.stringify(other.toFieldsV1());
  }

  private find(path: Path): Node | undefined {
    let n: Node | undefined = this.root;
    for (const element of path) n = n?.children.get(element);
    return n;
  }
}

/** One spelling per element, whatever whitespace or key order the encoder used. */
function canonical(element: string): string {
  if (element.startsWith('k:')) {
    const key = elementValue(element);
    if (!isObject(key)) throw new Error(`invalid key element ${element}`);
    return keyElement(key);
  }
  if (element.startsWith('v:')) return valueElement(elementValue(element));
  if (element.startsWith('f:') || element.startsWith('i:')) return element;
  throw new Error(`invalid FieldsV1 element ${element}`);
}

const KIND_ORDER = 'fkvi';

/** structured-merge-diff's element order: fields, then keys, then values, then indices. */
export function compareElements(a: string, b: string): number {
  if (a[0] !== b[0]) return KIND_ORDER.indexOf(a[0]) - KIND_ORDER.indexOf(b[0]);
  switch (a[0]) {
    case 'f': return a < b ? -1 : a > b ? 1 : 0;
    case 'i': return Number(a.slice(2)) - Number(b.slice(2));
    case 'v': return compareValues(elementValue(a), elementValue(b));
    default: {
      const ka = Object.entries(elementValue(a) as JsonObject);
      const kb = Object.entries(elementValue(b) as JsonObject);
      for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
        if (ka[i][0] !== kb[i][0]) return ka[i][0] < kb[i][0] ? -1 : 1;
        const c = compareValues(ka[i][1], kb[i][1]);
        if (c !== 0) return c;
      }
      return ka.length - kb.length;
    }
  }
}

function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : 3);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
