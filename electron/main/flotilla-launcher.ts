// A `flotilla` command for the local terminal's PATH: this checkout's CLI run by
// the app's own Node.js (Electron's binary acts as Node with ELECTRON_RUN_AS_NODE,
// and plain Node ignores it), so it works without a global install.
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Single-quoted for sh: nothing inside is expanded. */
function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Writes the launcher into `binDir` (created if needed) and returns its path. */
export async function writeFlotillaLauncher(binDir: string, nodePath: string, cliPath: string): Promise<string> {
  await fs.mkdir(binDir, { recursive: true });
  if (process.platform === 'win32') {
    const file = path.join(binDir, 'flotilla.cmd');
    await fs.writeFile(file, `@echo off\r\nset ELECTRON_RUN_AS_NODE=1\r\n"${nodePath}" "${cliPath}" %*\r\n`);
    return file;
  }
  const file = path.join(binDir, 'flotilla');
  await fs.writeFile(file, `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${shQuote(nodePath)} ${shQuote(cliPath)} "$@"\n`, { mode: 0o755 });
  return file;
}
