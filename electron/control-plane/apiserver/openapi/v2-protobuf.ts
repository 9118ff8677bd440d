// The Swagger 2.0 document in gnostic's openapi_v2 protobuf form, which is what
// kubectl asks /openapi/v2 for. kubectl 1.27 and 1.28 fetch it before every
// validating command (apply, create, replace) and stop when it cannot be
// parsed; later versions read /openapi/v3 instead. Field numbers are those of
// gnostic's OpenAPIv2.proto. Vendor extensions travel as YAML text, and JSON is YAML.
import { ProtoWriter } from './protobuf-writer.ts';

export const OPENAPI_V2_PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

type Json = Record<string, unknown>;

const METHODS: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, patch: 8 };

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function extensions(w: ProtoWriter, field: number, value: Json): void {
  for (const [name, v] of Object.entries(value)) {
    if (!name.startsWith('x-')) continue;
    w.message(field, (named) => named.string(1, name).message(2, (any) => any.string(2, JSON.stringify(v))));
  }
}

function schema(w: ProtoWriter, s: Json): void {
  w.string(1, s.$ref as string | undefined)
    .string(2, s.format as string | undefined)
    .string(4, s.description as string | undefined)
    .strings(19, s.required as string[] | undefined);
  if (isObject(s.additionalProperties)) {
    const additional = s.additionalProperties;
    w.message(21, (item) => item.message(1, (inner) => schema(inner, additional)));
  }
  if (typeof s.type === 'string') w.message(22, (t) => t.strings(1, [s.type as string]));
  if (isObject(s.items)) {
    const items = s.items;
    w.message(23, (item) => item.message(1, (inner) => schema(inner, items)));
  }
  if (isObject(s.properties)) {
    const properties = s.properties;
    w.message(25, (props) => {
      for (const [name, p] of Object.entries(properties)) {
        props.message(1, (named) => named.string(1, name).message(2, (inner) => schema(inner, p as Json)));
      }
    });
  }
  extensions(w, 31, s);
}

function parameter(w: ProtoWriter, p: Json): void {
  w.message(1, (parameterMsg) => {
    if (p.in === 'body') {
      parameterMsg.message(1, (body) =>
        body.string(1, p.description as string | undefined).string(2, p.name as string).string(3, 'body')
          .bool(4, p.required as boolean | undefined).message(5, (s) => schema(s, p.schema as Json)));
      return;
    }
    // Query and path sub-schemas differ in where `type` and `uniqueItems` sit.
    const [oneofField, typeField, uniqueField] = p.in === 'path' ? [4, 5, 19] : [3, 6, 20];
    parameterMsg.message(2, (nonBody) =>
      nonBody.message(oneofField, (sub) =>
        sub.bool(1, p.required as boolean | undefined).string(2, p.in as string).string(3, p.description as string | undefined)
          .string(4, p.name as string).string(typeField, p.type as string | undefined).bool(uniqueField, p.uniqueItems as boolean | undefined)));
  });
}

function operation(w: ProtoWriter, op: Json): void {
  w.strings(1, op.tags as string[] | undefined)
    .string(3, op.description as string | undefined)
    .string(5, op.operationId as string | undefined)
    .strings(6, op.produces as string[] | undefined)
    .strings(7, op.consumes as string[] | undefined);
  for (const p of (op.parameters as Json[] | undefined) ?? []) w.message(8, (item) => parameter(item, p));
  w.message(9, (responses) => {
    for (const [code, r] of Object.entries((op.responses as Json | undefined) ?? {})) {
      const response = r as Json;
      responses.message(1, (named) =>
        named.string(1, code).message(2, (value) =>
          value.message(1, (resp) => {
            resp.string(1, response.description as string | undefined);
            if (isObject(response.schema)) {
              const s = response.schema;
              resp.message(2, (item) => item.message(1, (inner) => schema(inner, s)));
            }
          })));
    }
  });
  w.strings(10, op.schemes as string[] | undefined);
  extensions(w, 13, op);
}

function pathItem(w: ProtoWriter, item: Json): void {
  for (const [method, field] of Object.entries(METHODS)) {
    if (isObject(item[method])) {
      const op = item[method];
      w.message(field, (o) => operation(o, op));
    }
  }
  for (const p of (item.parameters as Json[] | undefined) ?? []) w.message(9, (pi) => parameter(pi, p));
}

/** Encodes the JSON document `openapiV2` builds. */
export function openapiV2Protobuf(doc: Json): Uint8Array {
  const w = new ProtoWriter();
  const info = (doc.info ?? {}) as Json;
  w.string(1, doc.swagger as string).message(2, (i) => i.string(1, info.title as string).string(2, info.version as string));
  w.message(8, (paths) => {
    for (const [name, item] of Object.entries((doc.paths ?? {}) as Json)) {
      paths.message(2, (named) => named.string(1, name).message(2, (p) => pathItem(p, item as Json)));
    }
  });
  w.message(9, (defs) => {
    for (const [name, s] of Object.entries((doc.definitions ?? {}) as Json)) {
      defs.message(1, (named) => named.string(1, name).message(2, (inner) => schema(inner, s as Json)));
    }
  });
  return w.finish();
}
