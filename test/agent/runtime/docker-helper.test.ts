// The shared Docker helper: the test image it builds must be the one .ci/run builds
// (a shell, busybox applets, root in /etc/passwd), since developers without .ci/run rely on it.
import { afterAll, expect, it } from 'vitest';
import { describeDocker, ensureTestImage, removeContainersLabelled, testDocker, TEST_IMAGE } from '../../helpers/docker.ts';

const LABEL = 'dev.flotilla.test';
const VALUE = `docker-helper-${process.pid}`;
const BUILT = `flotilla.test/busybox-build-check:${process.pid}`;

async function run(image: string, cmd: string[]): Promise<{ code: number; out: string }> {
  const docker = testDocker();
  const c = await docker.createContainer({ Image: image, Cmd: cmd, Labels: { [LABEL]: VALUE }, HostConfig: { NetworkMode: 'none' } });
  await c.start();
  const { StatusCode } = (await c.wait()) as { StatusCode: number };
  const out = (await c.logs({ stdout: true, stderr: true })).toString('latin1');
  return { code: StatusCode, out };
}

describeDocker('docker test helper', () => {
  afterAll(async () => {
    await removeContainersLabelled(LABEL, VALUE);
    await testDocker().getImage(BUILT).remove({ force: true }).catch(() => {});
  });

  it('has the test image ready before the first test', async () => {
    const info = await testDocker().getImage(TEST_IMAGE).inspect();
    expect(info.Config.Cmd).toEqual(['/bin/sh']);
  });

  it('builds the busybox image like .ci/run when it is missing', async () => {
    await ensureTestImage(BUILT);
    const info = await testDocker().getImage(BUILT).inspect();
    expect(info.Config.Cmd).toEqual(['/bin/sh']);
    const { code, out } = await run(BUILT, ['/bin/sh', '-c', 'id -un; ls -ld /tmp; echo hi | wc -c']);
    expect(code).toBe(0);
    // \x01..\x02 and lengths come first when the logs are multiplexed: look for the words only
    expect(out).toContain('root');
    expect(out).toMatch(/drwxrwxrwt/);
    expect(out).toMatch(/\b3\b/);
  });

  it('removes every container carrying a label', async () => {
    await run(TEST_IMAGE, ['true']);
    await removeContainersLabelled(LABEL, VALUE);
    const left = await testDocker().listContainers({ all: true, filters: { label: [`${LABEL}=${VALUE}`] } });
    expect(left).toEqual([]);
  });
});
