// Admission: what runs between decoding a write and storing it, in upstream's order
// (mutating plugins, then validating ones), for every resource alike.
import type { KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../../registry/types.ts';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionAttributes {
  operation: Operation;
  def: ResourceDef;
  namespace?: string;
  name: string;
  subresource?: string;
  /** The object being written (mutable for mutating plugins); the old one for DELETE. */
  object: KubeObject;
  oldObject?: KubeObject;
  dryRun: boolean;
}

export interface AdmissionPlugin {
  readonly name: string;
  /** May change `attrs.object`; throws a StatusError to refuse. */
  mutate?(attrs: AdmissionAttributes): Promise<void> | void;
  /** Must not change anything; throws a StatusError to refuse. */
  validate?(attrs: AdmissionAttributes): Promise<void> | void;
}

export async function runAdmission(plugins: readonly AdmissionPlugin[], attrs: AdmissionAttributes): Promise<void> {
  for (const p of plugins) if (p.mutate) await p.mutate(attrs);
  for (const p of plugins) if (p.validate) await p.validate(attrs);
}
