// The three bundles Electron runs build, and the main process loads only what
// an installed app has: Electron, Node's builtins and the package's runtime
// dependencies (kept external), never a dev-only package or the renderer's code.
import { spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BUILD_TIMEOUT_MS = 240_000;

function buildInto(outDir: string): Promise<{ code: number | null; output: string }> {
  const bin = path.join(root, 'node_modules/electron-vite/bin/electron-vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'build'], { cwd: root, env: { ...process.env, FLOTILLA_OUT_DIR: outDir } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Every package a bundle (and the chunks it loads) imports or requires. */
async function packagesLoadedBy(entry: string): Promise<Set<string>> {
  const loaded = new Set<string>();
  await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    plugins: [{
      name: 'record-packages',
      setup(plugin) {
        plugin.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) => {
          loaded.add(specifier);
          return { path: specifier, external: true };
        });
      },
    }],
  });
  return loaded;
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('desktop app bundles', () => {
  let outDir: string;
  let result: { code: number | null; output: string };

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-bundles-'));
    result = await buildInto(outDir);
  }, BUILD_TIMEOUT_MS);

  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('builds main, preload and renderer', async () => {
    expect(result.code, result.output).toBe(0);
    expect(await readFile(path.join(outDir, 'renderer/index.html'), 'utf8')).toContain('http-equiv="Content-Security-Policy"');
    expect(await readFile(path.join(outDir, 'preload/index.cjs'), 'utf8')).toContain("exposeInMainWorld(\"flotilla\"");
  });

  it('main loads only Electron, Node builtins and runtime dependencies', async () => {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const allowed = new Set(['electron', ...Object.keys(pkg.dependencies)]);
    const builtins = new Set(builtinModules);
    const loaded = [...await packagesLoadedBy(path.join(outDir, 'main/index.js'))];
    expect(loaded).toContain('electron');
    expect(loaded).toContain('sqlite3');
    expect(loaded).toContain('node-pty');
    const unexpected = loaded.filter((specifier) => !specifier.startsWith('node:') && !builtins.has(specifier) && !allowed.has(packageOf(specifier)));
    expect(unexpected).toEqual([]);
  });

  it('preload, a sandboxed script, requires nothing but electron', async () => {
    expect([...await packagesLoadedBy(path.join(outDir, 'preload/index.cjs'))]).toEqual(['electron']);
  });
});
