// What PersistentVolumes and PersistentVolumeClaims share: access modes (printed
// as RWO/ROX/RWX/RWOP), volume modes and the storage class annotation fallback.
import { forbidden, notSupported, required, type FieldError } from '../../../../api/status.ts';

const ACCESS_MODES: Record<string, string> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};

/** Upstream's GetAccessModesAsString: each mode once, in a fixed order. */
export function accessModesString(modes: string[] | undefined): string {
  const present = new Set(modes ?? []);
  return Object.keys(ACCESS_MODES).filter((m) => present.has(m)).map((m) => ACCESS_MODES[m]).join(',');
}

export function validateAccessModes(modes: string[] | undefined, path: string): FieldError[] {
  if (!modes || modes.length === 0) return [required(path)];
  const allowed = Object.keys(ACCESS_MODES);
  const errs = modes.filter((m) => !allowed.includes(m)).map((m) => notSupported(path, m, allowed));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

export const VOLUME_MODES = ['Block', 'Filesystem'];

/** spec.storageClassName, or the beta annotation that preceded it. */
export function storageClassOf(spec: { storageClassName?: string } | undefined, annotations: Record<string, string> | undefined): string {
  return annotations?.['volume.beta.kubernetes.io/storage-class'] ?? spec?.storageClassName ?? '';
}
