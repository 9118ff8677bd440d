// How the outcome of sending YAML to the API is told: objects named as kubectl
// names them, and the API's refusals placed at the lines they concern.
import { parseApiVersion, type KubeObject } from '../../../api/types.ts';
import { ApiError } from '../api/client.ts';
import type { YamlDocument, YamlProblem } from './yaml-documents.ts';

/** deployment.apps/web, configmap/settings */
export function objectLabel(object: KubeObject): string {
  const { group } = parseApiVersion(object.apiVersion ?? '');
  const kind = (object.kind ?? '').toLowerCase();
  return `${group ? `${kind}.${group}` : kind}/${object.metadata.name ?? object.metadata.generateName ?? ''}`;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One problem per field the API named (at that field's line), or the whole message at the document's first line. */
export function apiProblems(error: unknown, document: YamlDocument): YamlProblem[] {
  const fields = error instanceof ApiError ? error.fields.filter((f) => f.field) : [];
  if (fields.length === 0) return [{ line: document.line, message: errorMessage(error) }];
  return fields.map(({ field, message }) => ({ line: document.lineOf(field), message: `${field}: ${message}` }));
}
