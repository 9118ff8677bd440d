// Creating the objects of a YAML file as one step: every document is
// dry-run on the server first, and only when all pass are they created, in order.
import type { KubeObject } from '../../../api/types.ts';
import { ApiError, type ApiClient } from '../api/client.ts';
import { detailRoute, kindOf } from '../api/kinds.ts';
import { discovery } from './yaml-discovery.ts';
import type { YamlDocument, YamlProblem } from './yaml-documents.ts';
import { apiProblems, errorMessage, objectLabel } from './yaml-results.ts';

export interface CreateLine {
  text: string;
  /** held: it passed the dry run, but another document did not, so nothing was created. */
  status: 'created' | 'failed' | 'held';
  /** The created object's page, for kinds the dashboard shows. */
  route?: string;
}

export interface CreateOutcome {
  lines: CreateLine[];
  problems: YamlProblem[];
}

/**
 * A dry run cannot pass for an object in a namespace an earlier document of the
 * same file creates; the real create will find it.
 */
function waitsForNamespace(error: unknown, object: KubeObject, earlier: KubeObject[]): boolean {
  if (!(error instanceof ApiError) || error.kind !== 'notfound' || error.status?.details?.kind !== 'namespaces') return false;
  return earlier.some((o) => o.kind === 'Namespace' && o.apiVersion === 'v1' && o.metadata.name === object.metadata.namespace);
}

export async function createAll(client: ApiClient, documents: YamlDocument[], namespace: string): Promise<CreateOutcome> {
  const found = discovery(client);
  const planned: { document: YamlDocument; object: KubeObject; path: string }[] = [];
  const lines: CreateLine[] = [];
  const problems: YamlProblem[] = [];
  for (const document of documents) {
    const object = structuredClone(document.object);
    try {
      const info = await found.resolve(object.apiVersion!, object.kind!);
      if (info.namespaced) object.metadata.namespace ||= namespace;
      else delete object.metadata.namespace;
      const path = await found.path(object.apiVersion!, object.kind!, object.metadata.namespace);
      await client.create(path, object, { dryRun: true }).catch((error: unknown) => {
        if (!waitsForNamespace(error, object, planned.map((p) => p.object))) throw error;
      });
      planned.push({ document, object, path });
      lines.push({ text: `${objectLabel(object)} passed the dry run`, status: 'held' });
    } catch (error) {
      lines.push({ text: `${objectLabel(object)}: ${errorMessage(error)}`, status: 'failed' });
      problems.push(...apiProblems(error, document));
    }
  }
  if (problems.length > 0) {
    return { lines: lines.map((line) => (line.status === 'held' ? { ...line, text: `${line.text}; not created, as another document failed` } : line)), problems };
  }
  const created: CreateLine[] = [];
  for (const { document, object, path } of planned) {
    try {
      const result = await client.create(path, object);
      const info = kindOf(result);
      created.push({ text: `${objectLabel(result)} created`, status: 'created', route: info && detailRoute(info, result.metadata.namespace, result.metadata.name ?? '') });
    } catch (error) {
      created.push({ text: `${objectLabel(object)}: ${errorMessage(error)}`, status: 'failed' });
      problems.push(...apiProblems(error, document));
    }
  }
  return { lines: created, problems };
}
