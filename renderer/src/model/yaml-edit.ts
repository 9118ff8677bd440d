// Editing one live object as YAML: the text shown (managedFields hidden unless
// asked for), and the update sent as a PUT from the version the edit started
// from, dry-run first, so a change made meanwhile is a 409 conflict, never lost.
import { stringify } from 'yaml';
import type { KubeObject } from '../../../api/types.ts';
import type { ApiClient } from '../api/client.ts';
import { discovery } from './yaml-discovery.ts';

/** A deep copy that also works on Vue's reactive proxies, which structuredClone refuses. */
function copyOf(object: KubeObject): KubeObject {
  return JSON.parse(JSON.stringify(object)) as KubeObject;
}

/** The object as the editor shows it; without managedFields, which are long and only the server writes. */
export function editable(object: KubeObject, withManagedFields: boolean): KubeObject {
  const copy = copyOf(object);
  if (!withManagedFields) delete copy.metadata.managedFields;
  return copy;
}

export function editableYaml(object: KubeObject, withManagedFields: boolean): string {
  return stringify(editable(object, withManagedFields));
}

/** Where the object lives; its identity comes from the live object, never from the edited text. */
export function livePath(client: ApiClient, live: KubeObject): Promise<string> {
  return discovery(client).path(live.apiVersion ?? '', live.kind ?? '', live.metadata.namespace, live.metadata.name);
}

/** PUT with the resourceVersion the edit started from: a dry run, then the update. */
export async function applyEdit(client: ApiClient, live: KubeObject, startedFrom: string | undefined, edited: KubeObject): Promise<KubeObject> {
  const object = copyOf(edited);
  object.metadata.resourceVersion = startedFrom;
  const path = await livePath(client, live);
  await client.replace(path, object, { dryRun: true });
  return client.replace(path, object);
}

export function conflictMessage(startedFrom: KubeObject, latest: KubeObject): string {
  return `${latest.kind} ${latest.metadata.name} was changed by someone else since you started editing `
    + `(your version ${startedFrom.metadata.resourceVersion}, now ${latest.metadata.resourceVersion})`;
}
