// Where a pod's volumes live on the node: DATA_DIR/pods/<uid>/volumes/<plugin>/<name>,
// with upstream's plugin directory names.
import path from 'node:path';

export const PLUGIN_DIRS = {
  emptyDir: 'kubernetes.io~empty-dir',
  configMap: 'kubernetes.io~configmap',
  secret: 'kubernetes.io~secret',
  downwardAPI: 'kubernetes.io~downward-api',
  projected: 'kubernetes.io~projected',
} as const;

export function podDir(dataDir: string, uid: string): string {
  return path.join(dataDir, 'pods', uid);
}

export function volumeDir(dataDir: string, uid: string, plugin: keyof typeof PLUGIN_DIRS, name: string): string {
  return path.join(podDir(dataDir, uid), 'volumes', PLUGIN_DIRS[plugin], name);
}
