// The JSON Schema for the kinds in an editor, fetched from the server's OpenAPI
// v3 documents as they are first needed (one group-version each, about half a
// megabyte) and kept for the rest of the session.
import type { GroupVersionKind } from '../../../api/types.ts';
import type { ApiClient } from '../api/client.ts';
import { perClient } from './yaml-per-client.ts';
import { addDefinitions, rootSchema, schemaNameFor, type JsonSchema, type KindSchema, type OpenApiDocument } from './yaml-openapi.ts';

interface OpenApiIndex {
  paths?: Record<string, { serverRelativeURL?: string }>;
}

/** api/v1, apis/apps/v1: the key of a group-version in the /openapi/v3 index. */
function indexKey(gvk: GroupVersionKind): string {
  return gvk.group === '' ? `api/${gvk.version}` : `apis/${gvk.group}/${gvk.version}`;
}

export class SchemaSource {
  private index?: Promise<OpenApiIndex>;
  private readonly documents = new Map<string, Promise<OpenApiDocument | undefined>>();
  private readonly definitions: Record<string, JsonSchema> = {};

  constructor(private readonly client: ApiClient) {}

  private document(key: string): Promise<OpenApiDocument | undefined> {
    let document = this.documents.get(key);
    if (!document) {
      this.index ??= this.client.get<OpenApiIndex>('/openapi/v3').catch((error: unknown) => {
        this.index = undefined;
        throw error;
      });
      document = this.index.then((index) => {
        const url = index.paths?.[key]?.serverRelativeURL;
        return url ? this.client.get<OpenApiDocument>(url) : undefined;
      });
      // A failed fetch is tried again next time instead of being remembered.
      document.catch(() => this.documents.delete(key));
      this.documents.set(key, document);
    }
    return document;
  }

  /** The schema of a file holding these kinds; kinds the server has no schema for are left unchecked. */
  async schemaFor(gvks: GroupVersionKind[]): Promise<JsonSchema> {
    const kinds: KindSchema[] = [];
    for (const gvk of gvks) {
      const document = await this.document(indexKey(gvk));
      const name = document && schemaNameFor(document, gvk);
      if (!document || !name) continue;
      addDefinitions(document, name, this.definitions);
      kinds.push({ gvk, name });
    }
    return rootSchema(kinds, this.definitions);
  }
}

/** The schema cache of a connection. */
export const schemaSource = perClient((client) => new SchemaSource(client));
