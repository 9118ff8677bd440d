// `flotilla desktop` (`npm start`): build the app when the sources changed, make
// sure Electron's binary is there, and run it. Where Electron cannot be had, the
// same control plane runs headless and the dashboard opens in a browser instead.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** What the built app consists of; the oldest of them decides whether a rebuild is due. */
const OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
/** Everything the build reads, apart from node_modules. */
const SOURCES = ['api', 'electron', 'renderer', 'electron.vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

function buildIsCurrent(): boolean {
  const outputs = OUTPUTS.map((file) => join(root, file));
  if (!outputs.every((file) => existsSync(file))) return false;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  return SOURCES.every((source) => newestMtime(join(root, source)) <= built);
}

function run(command: string, args: string[], stdio: 'inherit' | ['ignore', 'inherit', 'inherit', 'pipe']): Promise<{ code: number; fd3: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio });
    let fd3 = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      fd3 += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), fd3 }));
  });
}

export async function ensureBuilt(): Promise<void> {
  if (buildIsCurrent()) return;
  console.log('Building Flotilla (electron-vite build)…');
  const pkg = JSON.parse(readFileSync(require.resolve('electron-vite/package.json'), 'utf8')) as { bin: Record<string, string> };
  const bin = join(root, 'node_modules/electron-vite', pkg.bin['electron-vite'] ?? 'bin/electron-vite.js');
  const { code } = await run(process.execPath, [bin, 'build'], 'inherit');
  if (code !== 0) throw new Error('building the app failed; the build output is above');
}

function electronBinary(): string | undefined {
  try {
    const path = require('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

// Electron's installer reports a failure by printing the error's stack. It runs
// with our terminal so its progress bar shows, but its console.error goes to a
// pipe, from which we take the first line as the reason.
const QUIET_ERRORS = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; console.error = (...a) => { writeSync(3, a.map(String).join(' ') + '\\n'); };",
)}`;

/** Returns the Electron binary, downloading it once if needed, or the reason it cannot be had. */
async function ensureElectron(): Promise<{ path: string } | { reason: string }> {
  const present = electronBinary();
  if (present) return { path: present };
  const installer = join(root, 'node_modules/electron/install.js');
  if (!existsSync(installer)) return { reason: 'the electron package is not installed; run npm install' };
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
  console.log(`Downloading Electron ${version} (once, about 100 MB)…`);
  const { code, fd3 } = await run(process.execPath, ['--import', QUIET_ERRORS, installer], ['ignore', 'inherit', 'inherit', 'pipe']);
  const installed = electronBinary();
  if (installed) return { path: installed };
  const firstLine = fd3.split('\n').find((line) => line.trim() !== '')?.trim().replace(/^\w*Error: /, '');
  return { reason: firstLine ?? (code === 0 ? 'the installer finished without it' : `the installer exited with code ${code}`) };
}

function launch(electron: string, args: string[]): Promise<number> {
  const env = { ...process.env };
  // Set in the environment, this would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, [join(root, 'out/main/index.js'), ...args], { cwd: root, stdio: 'inherit', env });
  // Ctrl-C reaches Electron directly (same process group) and it quits after
  // flushing the store; we wait for that rather than leave it behind.
  const ignore = (): void => {};
  const forward = (): void => {
    child.kill('SIGTERM');
  };
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

export async function runDesktop(args: string[]): Promise<void> {
  // Same options as serve; checked here so a typo fails before a long build.
  parseArgs({ args, options: { 'data-dir': { type: 'string' }, listen: { type: 'string' }, 'no-agent': { type: 'boolean' } } });
  await ensureBuilt();
  const electron = await ensureElectron();
  if ('reason' in electron) {
    console.log(`Electron is not available (could not download it: ${electron.reason}); starting Flotilla headless with the web dashboard instead.`);
    const { runServe } = await import('./serve.ts');
    await runServe(args);
    return;
  }
  process.exitCode = await launch(electron.path, args);
}
