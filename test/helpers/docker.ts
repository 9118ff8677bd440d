// Suites that need a real Docker engine: they skip where none answers, except in CI
// (FLOTILLA_REQUIRE_DOCKER=1), where a missing engine is a failure, not a silent skip.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { beforeAll, describe, it } from 'vitest';
import { importRootfs } from '../../agent/runtime/docker/import.ts';
import type { TarEntry } from '../../agent/runtime/docker/tar.ts';

export const TEST_IMAGE = 'flotilla.test/busybox:1';
export const DOCKER_SOCKET = '/var/run/docker.sock';

/** The statically linked busybox (Debian's busybox-static) that makes the test image's root filesystem. */
const BUSYBOX = '/bin/busybox';

export function testDocker(): Docker {
  return new Docker({ socketPath: DOCKER_SOCKET });
}

export async function dockerAvailable(): Promise<boolean> {
  try {
    // a hung daemon counts as absent rather than stalling every suite's collection
    await new Docker({ socketPath: DOCKER_SOCKET, timeout: 3000 }).ping();
    return true;
  } catch {
    return false;
  }
}

/** Imports the test image as .ci/run does, for a machine that never ran .ci/run. `ref` is for testing the build itself. */
export async function ensureTestImage(ref = TEST_IMAGE): Promise<void> {
  const docker = testDocker();
  try {
    await docker.getImage(ref).inspect();
    return;
  } catch {
    // missing: build it below
  }
  const { stdout } = await promisify(execFile)(BUSYBOX, ['--list']);
  const applets = stdout.split('\n').filter((a) => a && a !== 'busybox');
  const entries: TarEntry[] = [
    { type: 'dir', path: 'bin' },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'dir', path: 'etc' },
    { type: 'file', path: 'bin/busybox', data: await readFile(BUSYBOX), mode: 0o755 },
    ...applets.map((a): TarEntry => ({ type: 'symlink', path: `bin/${a}`, target: 'busybox' })),
    { type: 'file', path: 'etc/passwd', data: Buffer.from('root:x:0:0:root:/:/bin/sh\n') },
  ];
  await importRootfs(docker, entries, ref, ['CMD ["/bin/sh"]']);
}

let available: Promise<boolean> | undefined;

/** `describe` for suites that need the engine; the test image is there before the first test. */
export function describeDocker(name: string, fn: () => void): void {
  describe(name, async () => {
    available ??= dockerAvailable();
    if (!(await available)) {
      if (process.env.FLOTILLA_REQUIRE_DOCKER === '1') {
        it('needs a Docker engine', () => {
          throw new Error(`FLOTILLA_REQUIRE_DOCKER=1 but no Docker engine answers at ${DOCKER_SOCKET}`);
        });
      } else {
        it.skip(`${name} (no Docker engine at ${DOCKER_SOCKET})`, () => {});
      }
      return;
    }
    beforeAll(() => ensureTestImage(), 120_000);
    fn();
  });
}

/** Force-removes every container (running or not) carrying label=value, with its anonymous volumes. */
export async function removeContainersLabelled(label: string, value: string): Promise<void> {
  const docker = testDocker();
  const found = await docker.listContainers({ all: true, filters: { label: [`${label}=${value}`] } });
  await Promise.all(found.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch((err: { statusCode?: number }) => {
    if (err.statusCode !== 404) throw err;
  })));
}
