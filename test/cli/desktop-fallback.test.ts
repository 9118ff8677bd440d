// Where Electron's binary cannot be downloaded, `flotilla desktop` says so in
// one line and runs the control plane headless instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/net.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function electronInstalled(): boolean {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path);
  } catch {
    return false;
  }
}

/** Status of GET /readyz, or 0 while nothing answers. */
function readyz(port: number): Promise<number> {
  return new Promise((resolve) => {
    // Only readiness is checked here, so the cluster's own CA is not needed.
    const req = request({ host: '127.0.0.1', port, path: '/readyz', rejectUnauthorized: false, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

// With the binary present, `desktop` would open the real app instead.
describe.skipIf(electronInstalled())('flotilla desktop without Electron', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'flotilla-desktop-'));
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  it('prints one line and serves the control plane headless', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // Make the download fail fast and never touch a real cache or mirror.
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      electron_config_cache: join(scratch, 'electron-cache'),
    };
    delete env.FLOTILLA_DEBUG;
    child = spawn(process.execPath, ['cli/bin.mjs', 'desktop', '--data-dir', join(scratch, 'data'), '--listen', `127.0.0.1:${port}`, '--no-agent'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const deadline = Date.now() + 90_000;
    let status = 0;
    while (Date.now() < deadline && child.exitCode === null) {
      status = await readyz(port);
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(child.exitCode, output).toBeNull();
    expect(status, output).toBe(200);

    const notices = output.split('\n').filter((line) => line.includes('Electron is not available'));
    expect(notices, output).toHaveLength(1);
    expect(notices[0]).toMatch(/^Electron is not available \(could not download it: .+\); starting Flotilla headless with the web dashboard instead\.$/);
    expect(output, 'no stack trace').not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});
