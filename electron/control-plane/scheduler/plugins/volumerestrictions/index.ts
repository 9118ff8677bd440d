// VolumeRestrictions: volumes that one node cannot attach twice, as upstream's
// NoDiskConflict: the same GCE PD or iSCSI target unless both mounts are read-only,
// the same EBS volume, or the same Ceph RBD image unless both are read-only.
import type { Volume } from '../../../../../api/types.ts';
import { unschedulable, type Plugin } from '../../framework/types.ts';

export const NAME = 'VolumeRestrictions';
export const REASON = 'node(s) had no available disk';

function conflict(v: Volume, e: Volume): boolean {
  if (v.gcePersistentDisk && e.gcePersistentDisk) {
    return v.gcePersistentDisk.pdName === e.gcePersistentDisk.pdName && !(v.gcePersistentDisk.readOnly && e.gcePersistentDisk.readOnly);
  }
  if (v.awsElasticBlockStore && e.awsElasticBlockStore) {
    return v.awsElasticBlockStore.volumeID === e.awsElasticBlockStore.volumeID;
  }
  if (v.iscsi && e.iscsi) {
    return v.iscsi.iqn === e.iscsi.iqn && !(v.iscsi.readOnly && e.iscsi.readOnly);
  }
  if (v.rbd && e.rbd) {
    const sharesMonitor = v.rbd.monitors.some((m) => e.rbd!.monitors.includes(m));
    const samePool = (v.rbd.pool ?? 'rbd') === (e.rbd.pool ?? 'rbd');
    return sharesMonitor && samePool && v.rbd.image === e.rbd.image && !(v.rbd.readOnly && e.rbd.readOnly);
  }
  return false;
}

export function volumeRestrictions(): Plugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      const volumes = pod.spec?.volumes ?? [];
      if (volumes.length === 0) return undefined;
      for (const existing of node.pods) {
        for (const e of existing.pod.spec?.volumes ?? []) {
          if (volumes.some((v) => conflict(v, e))) return unschedulable(REASON);
        }
      }
      return undefined;
    },
  };
}
