// The pause image built in place when no registry is reachable: a hand-written ELF
// that must run under the engine, block, and die only to SIGKILL.
import Docker from 'dockerode';
import { afterEach, expect, it } from 'vitest';
import { createDockerRuntime } from '../../../agent/runtime/docker/index.ts';
import { buildLocalPauseImage, ensurePauseImage, LOCAL_PAUSE_IMAGE } from '../../../agent/runtime/docker/pause.ts';
import { pauseElf, relayElf } from '../../../agent/runtime/docker/elf.ts';
import { describeDocker, removeContainersLabelled, testDocker } from '../../helpers/docker.ts';

const LABEL = 'dev.flotilla.test';
const VALUE = `docker-pause-${process.pid}`;
const REF = `flotilla.test/pause-build-check:${process.pid}`;

it('writes 64-bit static ELFs for x86_64 and aarch64 whose entry point is in their one loaded segment', () => {
  const X86_64 = 0x3e;
  const AARCH64 = 0xb7;
  for (const [machine, elf] of [[X86_64, pauseElf('x64')], [AARCH64, pauseElf('arm64')], [X86_64, relayElf('x64')], [AARCH64, relayElf('arm64')]] as const) {
    expect(elf.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(elf[4]).toBe(2);
    expect(elf.readUInt16LE(18)).toBe(machine);
    const entry = elf.readBigUInt64LE(24);
    const vaddr = elf.readBigUInt64LE(64 + 16);
    const memsz = elf.readBigUInt64LE(64 + 40);
    expect(elf.readUInt32LE(64)).toBe(1); // PT_LOAD
    expect(entry >= vaddr && entry < vaddr + memsz).toBe(true);
    expect(memsz).toBe(BigInt(elf.length));
  }
  expect(() => pauseElf('ia32')).toThrow(/no built-in container programs/);
  expect(() => relayElf('ia32')).toThrow(/no built-in container programs/);
});

describeDocker('pause image', () => {
  const docker: Docker = testDocker();

  // each build is a new image: removed after every test, none is left dangling
  afterEach(async () => {
    await removeContainersLabelled(LABEL, VALUE);
    await docker.getImage(REF).remove({ force: true }).catch(() => {});
  });

  it('builds an image whose program blocks until SIGKILL', async () => {
    await buildLocalPauseImage(docker, REF);
    const info = await docker.getImage(REF).inspect();
    expect(info.Config.Cmd).toEqual(['/pause']);
    const c = await docker.createContainer({ Image: REF, Labels: { [LABEL]: VALUE }, HostConfig: { NetworkMode: 'none' } });
    await c.start();
    // PID 1 without handlers ignores SIGTERM: still running after it has been delivered
    await c.kill({ signal: 'SIGTERM' });
    const top = await c.top();
    expect(top.Processes?.length).toBe(1);
    expect((await c.inspect()).State.Running).toBe(true);
    await c.kill({ signal: 'SIGKILL' });
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    expect(StatusCode).toBe(137);
  });

  it('falls back to the local pause image when the wanted one cannot be pulled', async () => {
    const lines: string[] = [];
    const image = await ensurePauseImage(docker, 'flotilla.invalid/pause:9', (l) => lines.push(l));
    expect(image).toBe(LOCAL_PAUSE_IMAGE);
    await docker.getImage(LOCAL_PAUSE_IMAGE).inspect();
  });

  it('uses the wanted pause image when the engine has it', async () => {
    await buildLocalPauseImage(docker, REF);
    expect(await ensurePauseImage(docker, REF, () => {})).toBe(REF);
  });

  it('still starts sandboxes after its pause image was pruned', async () => {
    await buildLocalPauseImage(docker, REF);
    const rt = await createDockerRuntime({ agentId: VALUE, nodeName: 'n', dataDir: '/nonexistent', log: () => {}, pauseImage: REF });
    try {
      const sandbox = (n: number) => ({
        metadata: { uid: `u${n}`, namespace: 'default', name: `prune-${n}`, attempt: 0 },
        hostname: 'p',
        hostNetwork: false,
        portMappings: [],
        labels: { [LABEL]: VALUE },
        annotations: {},
      });
      const first = await rt.runPodSandbox(sandbox(1));
      expect((await docker.getContainer(first).inspect()).Config.Image).toBe(REF);
      await rt.removePodSandbox(first);
      await docker.getImage(REF).remove({ force: true });
      const second = await rt.runPodSandbox(sandbox(2));
      expect((await docker.getContainer(second).inspect()).Config.Image).toBe(LOCAL_PAUSE_IMAGE);
      expect((await rt.podSandboxStatus(second))?.state).toBe('ready');
    } finally {
      await rt.close();
    }
  });
});
