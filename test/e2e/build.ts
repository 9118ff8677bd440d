// The e2e project's global setup: one electron-vite build (skipped when out/ is
// current) before any file needs the built dashboard.
import { ensureBuilt } from '../../cli/desktop.ts';

export default async function setup(): Promise<void> {
  await ensureBuilt();
}
